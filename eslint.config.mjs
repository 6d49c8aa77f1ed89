// n8n's own lint configuration, as n8n's community node starter uses it: `n8n-node lint` and n8n's
// verification scan (@n8n/scan-community-package) apply these rules, so `npm run lint` does too.
// The scan ignores inline `eslint-disable` comments, so code passes as written, without them.
import { config } from '@n8n/node-cli/eslint';

export default [{ ignores: ['.build/**', 'node_modules/**'] }, ...config];

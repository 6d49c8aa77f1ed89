#!/usr/bin/env bash
# npm run test:compat:queue — the queue-mode suite (test/queue: PostgreSQL, Redis, n8n main + 2
# workers) unchanged, with n8n's 1.x line: the version in test/compat/n8n-version
# (KAIZALA_N8N_VERSION picks another). Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/../.."
export KAIZALA_N8N_VERSION="${KAIZALA_N8N_VERSION:-$(cat test/compat/n8n-version)}"
exec bash test/queue/run.sh "$@"

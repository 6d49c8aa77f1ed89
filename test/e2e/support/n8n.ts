/**
 * The end-to-end suite's view of scripts/lib/n8n.ts: the n8n cache and the packed tarball come
 * from test/e2e/run.sh (npm run test:e2e) through the environment.
 */
import { N8nHome as BaseHome } from '../../../scripts/lib/n8n';

export * from '../../../scripts/lib/n8n';

function required(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the suite with npm run test:e2e`);
	return value;
}

/** The folder scripts/ensure-n8n.sh filled (Node 24 and n8n). */
export function n8nCache(): string {
	return required('KAIZALA_N8N_CACHE');
}

/** The tarball `npm pack` made of this package. */
export function tarball(): string {
	return required('KAIZALA_TARBALL');
}

export class N8nHome extends BaseHome {
	/** A fresh temporary user folder with the packed package installed into .n8n/nodes. */
	static async create(): Promise<N8nHome> {
		const home = new N8nHome(n8nCache());
		await home.installPackage(tarball());
		return home;
	}
}

/**
 * Route tables: patterns such as '/groups/:groupId/members/:memberId', matched segment by
 * segment. Literal segments compare case-insensitively because the real service's routing did
 * (the reference itself spells both `/subgroups` and `/subGroups`). Routes are tried in
 * registration order, so a module registers '/reaction/summary' before '/reaction/:referenceId'.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a route expects in its body; the server enforces it before calling the handler. */
export type BodyExpectation = 'none' | 'json' | 'optional-json' | 'multipart';

export interface RouteResult {
	status?: number;
	/** Serialised as JSON unless `raw` is given. */
	body?: unknown;
	headers?: Record<string, string>;
	raw?: { contentType: string; data: Buffer };
}

export interface RouteDefinition<Request> {
	method: HttpMethod;
	pattern: string;
	body: BodyExpectation;
	handle(request: Request): RouteResult | Promise<RouteResult>;
}

export type RouteMatch<Request> =
	| { found: true; route: RouteDefinition<Request>; params: Record<string, string>; name: string }
	| { found: false; allowedMethods: HttpMethod[] };

interface CompiledRoute<Request> {
	definition: RouteDefinition<Request>;
	segments: string[];
}

export class RouteTable<Request> {
	private readonly routes: CompiledRoute<Request>[];

	constructor(definitions: RouteDefinition<Request>[]) {
		this.routes = definitions.map((definition) => ({ definition, segments: splitPath(definition.pattern) }));
	}

	/** `path` is relative to the table's mount point, e.g. '/groups/abc/messages'. */
	match(method: string, path: string): RouteMatch<Request> {
		const segments = splitPath(path);
		const allowedMethods: HttpMethod[] = [];
		for (const route of this.routes) {
			const params = matchSegments(route.segments, segments);
			if (!params) continue;
			if (route.definition.method === method.toUpperCase()) {
				return { found: true, route: route.definition, params, name: routeName(route.definition) };
			}
			allowedMethods.push(route.definition.method);
		}
		return { found: false, allowedMethods };
	}
}

/** How a route is named in the request log and matched by fault rules: 'POST /groups/:groupId'. */
export function routeName(definition: { method: string; pattern: string }): string {
	return `${definition.method} ${definition.pattern}`;
}

function splitPath(path: string): string[] {
	// A trailing slash is tolerated: the reference writes '/actions/{actionId}/' in places.
	return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
	if (pattern.length !== actual.length) return undefined;
	const params: Record<string, string> = {};
	for (let index = 0; index < pattern.length; index++) {
		const expected = pattern[index];
		const segment = actual[index];
		if (expected.startsWith(':')) {
			try {
				params[expected.slice(1)] = decodeURIComponent(segment);
			} catch {
				return undefined;
			}
		} else if (expected.toLowerCase() !== segment.toLowerCase()) {
			return undefined;
		}
	}
	return params;
}

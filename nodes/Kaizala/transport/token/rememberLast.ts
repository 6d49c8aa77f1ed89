/**
 * A pure function of one string that returns its previous result when called with the same
 * string again. The transport hashes the same credential values and parses the same persisted
 * session for every request of an execution (several times per request: the node, then the
 * credential's authenticate); with this each is worked out once per change of its input.
 * One entry only: nothing accumulates, whatever the number of credentials.
 */
export function rememberLast<T>(compute: (input: string) => T): (input: string) => T {
	let last: { input: string; result: T } | undefined;
	return (input) => {
		if (last?.input !== input) last = { input, result: compute(input) };
		return last.result;
	};
}

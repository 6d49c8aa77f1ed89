/**
 * Tables and figures some suites compute (fuzz outcomes, the fault matrix, the soak summary, the
 * phone view's page size, npm start's stop times), printed only when KAIZALA_TEST_TABLES=1 asks:
 * `npm test` stays a summary. The assertions run either way.
 */
export function report(text: string): void {
	// eslint-disable-next-line no-console
	if (process.env.KAIZALA_TEST_TABLES === '1') console.log(text);
}

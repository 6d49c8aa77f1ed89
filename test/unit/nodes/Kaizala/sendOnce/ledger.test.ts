import { keyStateOf } from '../../../../../nodes/Kaizala/sendOnce/ledger';

describe('send-once ledger: what a check of both marks says', () => {
	it('no claim: never sent', () => {
		expect(keyStateOf(false, false)).toBe('new');
		// A lone open mark (its claim trimmed by Keys to Remember) is forgotten with it.
		expect(keyStateOf(false, true)).toBe('new');
	});

	it('claimed and still open: started, never confirmed (uncertain)', () => {
		expect(keyStateOf(true, true)).toBe('uncertain');
	});

	it('claimed and closed: Kaizala confirmed it', () => {
		expect(keyStateOf(true, false)).toBe('sent');
	});
});

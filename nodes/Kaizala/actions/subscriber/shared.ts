import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * The add/remove answers list a result per number (`{ "+91…": { isAdded: true } }`). The output
 * keeps that and adds which numbers succeeded and which did not, with the platform's reason.
 */
export function perNumberResult(response: unknown, flag: 'isAdded' | 'isRemoved', groupId: string): INodeExecutionData[] {
	const body = (response && typeof response === 'object' && !Array.isArray(response) ? response : {}) as IDataObject;
	const result = (body.result && typeof body.result === 'object' ? body.result : {}) as Record<string, IDataObject>;
	const succeeded: string[] = [];
	const failed: IDataObject[] = [];
	for (const [mobileNumber, outcome] of Object.entries(result)) {
		const ok = outcome?.[flag] === true || outcome?.[flag] === 'true';
		if (ok) succeeded.push(mobileNumber);
		else failed.push({ mobileNumber, reason: (outcome?.reason as string) ?? '' });
	}
	const [okKey, failedKey] = flag === 'isAdded' ? ['added', 'notAdded'] : ['removed', 'notRemoved'];
	return [{ json: { ...body, groupId, [okKey]: succeeded, [failedKey]: failed } }];
}

/**
 * Every error the sandbox answers with is JSON `{ errorCode, message }`. Handlers throw
 * ApiError; the server turns it into the response, so no handler formats errors itself.
 */

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly errorCode: string,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'ApiError';
	}

	toBody(): { errorCode: string; message: string } {
		return { errorCode: this.errorCode, message: this.message };
	}
}

/** 400 for a request body or query that fails validation; the message names the field. */
export function invalidRequest(message: string, errorCode = 'InvalidRequest'): ApiError {
	return new ApiError(400, errorCode, message);
}

export function notFound(errorCode: string, message: string): ApiError {
	return new ApiError(404, errorCode, message);
}

export function forbidden(errorCode: string, message: string): ApiError {
	return new ApiError(403, errorCode, message);
}

export function unauthorized(errorCode: string, message: string): ApiError {
	return new ApiError(401, errorCode, message);
}

'use strict';
/**
 * VoIPbin's error envelope, used by every /v1.0 error [research §3.3; spec ErrorBody/ErrorResponse;
 * vb: lib/apierror/envelope.go]:
 *   {"error":{"status":"NOT_FOUND","reason":"RECORDING_NOT_FOUND","message":"…","request_id":"req_…","details":[…]}}
 * `status` follows the HTTP status one to one [vb: bin-common-handler/models/errors/rpc.go HTTPStatusFor].
 */

const CANONICAL_STATUS = {
	400: 'INVALID_ARGUMENT',
	401: 'UNAUTHENTICATED',
	402: 'PAYMENT_REQUIRED',
	403: 'PERMISSION_DENIED',
	404: 'NOT_FOUND',
	409: 'FAILED_PRECONDITION',
	429: 'RESOURCE_EXHAUSTED',
	500: 'INTERNAL',
	503: 'UNAVAILABLE',
};

/** The reason an injected fault carries when the test gives no body. */
const DEFAULT_REASON = {
	400: 'INVALID_ARGUMENT',
	401: 'INVALID_CREDENTIALS',
	403: 'PERMISSION_DENIED',
	404: 'RESOURCE_NOT_FOUND',
	409: 'FAILED_PRECONDITION',
	429: 'RATE_LIMIT_EXCEEDED',
	500: 'INTERNAL',
	503: 'SERVICE_UNAVAILABLE',
};

class ApiError extends Error {
	/**
	 * @param {number} httpStatus
	 * @param {string} reason UPPER_SNAKE reason code
	 * @param {string} message
	 * @param {{ details?: object[], headers?: Record<string,string>, bare?: boolean }} [extra]
	 *   `bare`: answer with the status only and an empty body (what /auth/login does on failure).
	 */
	constructor(httpStatus, reason, message, extra = {}) {
		super(message);
		this.httpStatus = httpStatus;
		this.reason = reason;
		this.details = extra.details;
		this.headers = extra.headers ?? {};
		this.bare = extra.bare ?? false;
	}

	envelope(requestId) {
		const error = {
			status: CANONICAL_STATUS[this.httpStatus] ?? (this.httpStatus >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
			reason: this.reason,
			message: this.message,
			request_id: requestId,
		};
		if (this.details) error.details = this.details;
		return { error };
	}
}

const routeNotFound = () => new ApiError(404, 'ROUTE_NOT_FOUND', 'The requested route was not found.');
const invalidId = () => new ApiError(400, 'INVALID_ID', 'The id is not a valid UUID.');
const tooManyRequests = (retryAfterSeconds, limitedBy) =>
	new ApiError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests. Please try again later.', {
		details: [{ limited_by: limitedBy }],
		headers: { 'retry-after': String(retryAfterSeconds) },
	});

module.exports = { ApiError, CANONICAL_STATUS, DEFAULT_REASON, routeNotFound, invalidId, tooManyRequests };

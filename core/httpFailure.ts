import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export interface HttpFailure {
	status?: number;
	data?: unknown;
	headers?: IDataObject;
}

/**
 * The HTTP response behind a failure. Statuses normally arrive as responses (see request.ts); a failure
 * is left only when n8n itself threw: on the 401 retry, or on a network error. n8n 2.x keeps the HTTP
 * client's error as `cause`; n8n 1.x keeps only the status (`httpCode`) and body (`context.data`) of its
 * NodeApiError.
 */
export function httpResponseOf(error: unknown): HttpFailure | undefined {
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const response = (current as { response?: HttpFailure }).response;
		if (response && typeof response === 'object' && typeof response.status === 'number') return response;
		current = (current as { cause?: unknown }).cause;
	}
	if (error instanceof NodeApiError && /^\d{3}$/.test(String(error.httpCode ?? ''))) {
		return { status: Number(error.httpCode), data: error.context?.data, headers: {} };
	}
	return undefined;
}

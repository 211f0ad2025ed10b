import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { httpResponseOf } from './httpFailure';

/** What was asked for, for a message: "recording 193228", "the recordings list". */
export interface ApiErrorContext {
	subject?: string;
	itemIndex?: number;
}

/** A message and what to do about it. */
export interface Advice {
	message: string;
	description: string;
}

/** What an HTTP failure says, for a provider's wording. */
export interface FailureFacts {
	status: number;
	/** The provider's own message, already cut short (` VBC said: "…"` is `said`). */
	apiMessage?: string;
	said: string;
	subject: string;
	body: unknown;
}

/**
 * How one provider's errors are worded. The core gives the shape every error has (a status, the API's
 * own message, no request details); the package gives the words a user of that API needs.
 */
export interface ProviderWording {
	/** The API's name as users know it: "VBC", "Kazoo". */
	name: string;
	/** The token's name in the host guard's message: "your Vonage token". */
	tokenName: string;
	/** What to do when a URL points away from the API host. */
	foreignHostAdvice: string;
	/** What to check when the API cannot be reached. */
	unreachableAdvice: string;
	/** What to do when a 5xx persists. */
	serverErrorAdvice: string;
	/** The rate-limit error after waiting as long as allowed. */
	rateLimited(waitedSeconds: number): Advice;
	/** Advice for a status (400, 401, 403, 404, 409, 429, …); `undefined` falls back to the generic wording. */
	forStatus(facts: FailureFacts): (Advice & { failureCause?: FailureCause }) | undefined;
	/** The API's own message from an error body, if the provider's envelope is not the usual one. */
	apiMessageOf?(body: unknown): string | undefined;
}

export type FailureCause = NonNullable<NodeApiError['failure']>['cause'];

/** The usual places an API puts its message: `msg`, `message`, `detail`, `error_description`, `title`. */
export function commonApiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
	if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return undefined;
	const data = body as IDataObject;
	const message = [data.msg, data.message, data.detail, data.error_description, data.title].find(
		(value) => typeof value === 'string' && value !== '',
	) as string | undefined;
	const invalid = Array.isArray(data.invalid_parameters)
		? (data.invalid_parameters as IDataObject[])
				.map((p) => `${String(p.name)}: ${String(p.reason ?? 'invalid')}`)
				.join('; ')
		: '';
	return [message, invalid].filter(Boolean).join(' — ') || undefined;
}

function defaultCause(status: number | undefined): FailureCause | undefined {
	if (status === 401) return 'credential-invalid';
	if (status === 403 || status === 404) return 'configuration-invalid';
	if (status === 429) return 'rate-limited';
	if (status === undefined || status >= 500) return 'temporarily-unavailable';
	return undefined;
}

/**
 * Turns an HTTP failure into a NodeApiError that says what to do. It is built from the status and
 * the API's own message only, never from the request, so no token can reach the error.
 */
export function describeApiError(
	node: INode,
	error: unknown,
	wording: ProviderWording,
	context: ApiErrorContext = {},
	retries = 0,
): Error {
	const response = httpResponseOf(error);
	// n8n's own errors (such as "reconnect the credential" after a failed refresh) already say what to do.
	if (!response && (error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	const status = response?.status;
	const apiMessage = (wording.apiMessageOf ?? commonApiMessage)(response?.data);
	const said = apiMessage ? ` ${wording.name} said: "${apiMessage}"` : '';
	const subject = context.subject ?? 'the requested item';
	let advice: (Advice & { failureCause?: FailureCause }) | undefined =
		status !== undefined ? wording.forStatus({ status, apiMessage, said, subject, body: response?.data }) : undefined;
	if (!advice) {
		if (status !== undefined && status >= 500) {
			advice = {
				message: `${wording.name} had a server error (HTTP ${status})${retries ? ` ${retries + 1} times in a row` : ''}.${said}`,
				description: wording.serverErrorAdvice,
			};
		} else if (status !== undefined) {
			advice = { message: `${wording.name} answered HTTP ${status}.${said}`, description: 'See the API message above.' };
		} else {
			const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
			advice = {
				message: `Could not reach ${wording.name}${code ? ` (${code})` : ''}${retries ? ` after ${retries + 1} tries` : ''}: ${(error as Error)?.message ?? String(error)}`,
				description: wording.unreachableAdvice,
			};
		}
	}
	const { message, description } = advice;
	const sanitized: JsonObject = { message, ...(status ? { httpCode: String(status) } : {}) };
	if (apiMessage) sanitized.apiMessage = apiMessage;
	const cause = advice.failureCause ?? defaultCause(status);
	return new NodeApiError(node, sanitized, {
		message,
		description,
		httpCode: status ? String(status) : undefined,
		itemIndex: context.itemIndex,
		...(cause ? { failure: { cause } } : {}),
	});
}

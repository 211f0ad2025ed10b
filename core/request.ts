import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiConnection, ApiFunctions } from './api';
import { describeApiError, type ApiErrorContext } from './errors';
import { isAbsoluteUrl, resolveApiUrl } from './hostGuard';
import { httpResponseOf } from './httpFailure';
import { paceRequest } from './pacer';
import { MAX_REDIRECTS, redirectTarget } from './redirects';
import { backoffMs, isTransient, MAX_TRANSIENT_RETRIES, retryAfterMs } from './retries';

/**
 * The one place a provider package talks HTTP: pacing under the quota, the credential only for the
 * API origin, token renewal on 401, retries, redirects and error messages. Operations describe what
 * to ask; this asks.
 */

export interface SendOptions extends ApiErrorContext {
	/** Whether sending it twice does no harm (GET, DELETE): only such requests are retried after 5xx or a reset. */
	idempotent: boolean;
	/** What the URL is, for the host guard's message. */
	what?: string;
}

async function attemptRequest(
	this: ApiFunctions,
	api: ApiConnection,
	attempt: IHttpRequestOptions,
	withCredential: boolean,
): Promise<{ response?: IN8nHttpFullResponse; failure?: unknown }> {
	try {
		const response = (
			withCredential
				? await this.helpers.httpRequestWithAuthentication.call(this, api.credentialType, attempt)
				: await this.helpers.httpRequest(attempt)
		) as IN8nHttpFullResponse;
		return { response };
	} catch (failure) {
		return { failure };
	}
}

function isReadable(body: unknown): body is NodeJS.ReadableStream & { destroy?: () => void } {
	return !!body && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/** An error answer to a streamed request arrives as a stream: read a little of it for the message. */
async function readErrorBody(body: unknown): Promise<unknown> {
	if (!isReadable(body)) return body;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Buffer | string>) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		chunks.push(buffer);
		size += buffer.length;
		if (size > 64 * 1024) break;
	}
	body.destroy?.();
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function discardBody(response: IN8nHttpFullResponse): void {
	if (isReadable(response.body)) response.body.destroy?.();
}

function rateLimitedError(
	node: INode,
	api: ApiConnection,
	failure: unknown,
	waitedMs: number,
	askedMs: number | undefined,
	options: SendOptions,
): NodeApiError {
	const error = describeApiError(node, failure, api.wording, options) as NodeApiError;
	const advice = api.wording.rateLimited(Math.round(waitedMs / 1000));
	error.message = advice.message;
	error.description = advice.description;
	error.failure = { cause: 'rate-limited', ...(askedMs !== undefined ? { retryAfterMs: askedMs } : {}) };
	return error;
}

/**
 * Sends one request with the credential, paced under the quota. On 429 it waits as the server asks
 * (Retry-After) or backs off, within the node's limit; a 429 means the server did nothing, so even
 * a POST is sent again. Idempotent requests are also retried after 502/503/504, resets and timeouts.
 * Redirects are followed here: the credential goes along only to the API origin.
 *
 * On a 401 the request is asked once more in the mode where n8n renews an expirable credential
 * (preAuthentication) and retries: one renewal per request, never a loop.
 */
export async function send(
	this: ApiFunctions,
	api: ApiConnection,
	request: IHttpRequestOptions,
	options: SendOptions,
): Promise<IN8nHttpFullResponse> {
	const node = this.getNode();
	let target = resolveApiUrl(node, api, request.url, options.what ?? 'URL');
	let rateLimitWaitedMs = 0;
	let rateLimitRetries = 0;
	let transientRetries = 0;
	let redirects = 0;
	for (;;) {
		const sameOrigin = new URL(target).origin === api.origin;
		// HTTP statuses come back as responses, so that headers (Retry-After, Location) survive on every
		// n8n version: n8n 1.x drops them when it wraps a failed request in a NodeApiError.
		const attempt: IHttpRequestOptions = {
			...request,
			// A fresh headers object per attempt: n8n's credential authentication writes the token into the
			// headers it is given, and a shared object would carry it on to a redirect's other host.
			headers: { ...request.headers },
			url: target,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: request.timeout ?? api.timeoutMs,
		};
		let answered = sameOrigin ? await paceRequest(api.quota) : undefined;
		let { response, failure } = await attemptRequest.call(this, api, attempt, sameOrigin);
		answered?.();
		if (sameOrigin && response?.statusCode === 401) {
			// n8n renews an expired token only when a request fails with 401: ask again in that mode.
			discardBody(response);
			answered = await paceRequest(api.quota);
			({ response, failure } = await attemptRequest.call(
				this,
				api,
				{ ...attempt, ignoreHttpStatusErrors: false },
				sameOrigin,
			));
			answered();
		}
		if (response && response.statusCode >= 400) {
			failure = {
				response: { status: response.statusCode, headers: response.headers, data: await readErrorBody(response.body) },
			};
			response = undefined;
		}
		const status = response?.statusCode ?? httpResponseOf(failure)?.status;
		const headers = (response?.headers ?? httpResponseOf(failure)?.headers ?? {}) as IDataObject;

		const redirect = redirectTarget(status, headers, target);
		if (redirect !== undefined) {
			if (response) discardBody(response);
			if (++redirects > MAX_REDIRECTS) {
				throw new NodeOperationError(node, `The ${options.what ?? 'request'} redirected more than ${MAX_REDIRECTS} times`, {
					itemIndex: options.itemIndex,
				});
			}
			target = redirect;
			continue;
		}
		if (response && !failure) return response;
		// A DELETE that failed on the way may have been done: its retry finding nothing means it was.
		if (status === 404 && request.method === 'DELETE' && transientRetries > 0) {
			return { statusCode: 204, headers: {}, body: '' };
		}

		if (status === 429) {
			const asked = retryAfterMs(headers['retry-after']);
			const wait = asked ?? backoffMs(rateLimitRetries);
			if (rateLimitWaitedMs + wait > api.maxRateLimitWaitMs) {
				throw rateLimitedError(node, api, failure, rateLimitWaitedMs, asked, options);
			}
			await sleep(wait);
			rateLimitWaitedMs += wait;
			rateLimitRetries++;
			continue;
		}
		if (options.idempotent && transientRetries < MAX_TRANSIENT_RETRIES && isTransient(failure)) {
			await sleep(backoffMs(transientRetries));
			transientRetries++;
			continue;
		}
		throw describeApiError(node, failure, api.wording, options, transientRetries);
	}
}

/**
 * One authenticated JSON request. `url` is a path below the API base URL, or an absolute URL from a
 * response or an input item, which must pass the host guard first. `idempotent` defaults by method.
 */
export async function apiRequest(
	this: ApiFunctions,
	api: ApiConnection,
	options: IHttpRequestOptions,
	context: ApiErrorContext & { what?: string; idempotent?: boolean } = {},
): Promise<IN8nHttpFullResponse> {
	const method = options.method ?? 'GET';
	const url = isAbsoluteUrl(options.url) ? options.url : `${api.baseUrl}${options.url}`;
	const { idempotent, ...errorContext } = context;
	return await send.call(
		this,
		api,
		{ json: true, ...options, method, url },
		{ ...errorContext, idempotent: idempotent ?? (method === 'GET' || method === 'HEAD' || method === 'DELETE') },
	);
}

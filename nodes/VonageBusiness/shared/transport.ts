import { DateTime } from 'luxon';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { pauseQuota, quotaAnswered, retryAfterWithJitter, waitOutQuotaPause } from './quotaPause';
import { retryAfterRefusedRenewal } from './refreshRace';
import { InvalidInputError, requireAccountOrUserId } from './validation';

/**
 * The one place where this package talks HTTP: authentication, pacing under the quota, retries,
 * the host guard, paging, error messages and streamed downloads. Operations describe what to ask;
 * this module asks.
 */

export const CODE_GRANT_CONNECTION_TYPE = 'vonageBusinessOAuth2Api';
export const INTEGRATION_USER_CONNECTION_TYPE = 'vonageBusinessIntegrationUserApi';

/** The largest page the API serves; Return All and the trigger ask for it to spend the fewest requests. */
export const MAX_PAGE_SIZE = 100;
/**
 * Pages of one list read at the same time once the page count is known. Each request is still paced
 * under the quota; this only overlaps the waits for the answers.
 */
const PAGES_IN_FLIGHT = 4;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;
/** Retries of a request that failed on the way (5xx, reset, timeout, a body cut off), for idempotent requests only. */
const MAX_TRANSIENT_RETRIES = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** A 500 is retried too: a GET or DELETE sent twice does no harm, and VBC's 500s are mostly passing. */
const TRANSIENT_STATUSES = [500, 502, 503, 504];
const TRANSIENT_CODES = [
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ECONNREFUSED',
	'ERR_STREAM_PREMATURE_CLOSE',
];
/** How Node and the HTTP client word a connection that closed before the whole body (its Content-Length) arrived. */
const CUT_OFF_BODY = /socket hang up|timeout|aborted|premature close|unexpected end/i;

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export type VbcFunctions = IExecuteFunctions | IExecuteSingleFunctions | IPollFunctions;

/** Where the API lives and how to talk to it, from the credential and the node's request options. */
export interface VbcApi {
	baseUrl: string;
	origin: string;
	accountId: string;
	credentialType: string;
	/** Requests allowed per quota window; 0 turns pacing off. */
	quota: { requests: number; windowMs: number; key: string };
	maxRateLimitWaitMs: number;
	timeoutMs: number;
}

/** A node-level setting, read the way each kind of context reads parameters. */
function nodeSetting(context: VbcFunctions, name: string, fallback: unknown): unknown {
	if ('getItemIndex' in context) return context.getNodeParameter(name, fallback);
	if ('getActivationMode' in context) return (context as IPollFunctions).getNodeParameter(name, fallback);
	return (context as IExecuteFunctions).getNodeParameter(name, 0, fallback);
}

export function credentialTypeOf(node: INode): string {
	return node.parameters.authentication === 'integrationUser'
		? INTEGRATION_USER_CONNECTION_TYPE
		: CODE_GRANT_CONNECTION_TYPE;
}

export async function getVbcApi(this: VbcFunctions): Promise<VbcApi> {
	const node = this.getNode();
	const credentialType = credentialTypeOf(node);
	const credentials = await this.getCredentials(credentialType);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	let origin: string;
	try {
		origin = new URL(baseUrl).origin;
	} catch {
		throw new NodeOperationError(
			node,
			`The credential's API Base URL is not a URL: "${baseUrl}". Set it to https://api.vonage.com/t/vbc.prod/call_recording`,
		);
	}
	const accountId = requireAccountOrUserId(credentials.accountId || 'self', 'Account ID (in the credential)');
	const requests = Number(credentials.requestsPerMinute ?? 10);
	const windowSeconds = Number(credentials.quotaWindowSeconds ?? 60);
	if (!Number.isInteger(requests) || requests < 0 || !Number.isFinite(windowSeconds) || windowSeconds <= 0) {
		throw new InvalidInputError(
			'Request Quota',
			"The credential's request quota must be a whole number of 0 or more requests per window of more than 0 seconds",
		);
	}
	const options = nodeSetting(this, 'requestOptions', {}) as IDataObject;
	const maxWait = Number(options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
	const timeout = Number(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(maxWait) || maxWait < 0) {
		throw new InvalidInputError('Max Wait on Rate Limit (Seconds)', 'Max Wait on Rate Limit (Seconds) must be 0 or more');
	}
	if (!Number.isFinite(timeout) || timeout <= 0) {
		throw new InvalidInputError('Timeout (Seconds)', 'Timeout (Seconds) must be a number of seconds above 0');
	}
	const credentialId = node.credentials?.[credentialType]?.id ?? baseUrl;
	return {
		baseUrl,
		origin,
		accountId,
		credentialType,
		quota: { requests, windowMs: windowSeconds * 1000, key: `${credentialType}:${credentialId}:${origin}` },
		maxRateLimitWaitMs: maxWait * 1000,
		timeoutMs: timeout * 1000,
	};
}

interface Pacer {
	/** When each request in the window was last known to be on its way: sent, then answered. */
	sent: Array<{ at: number }>;
	queue: Promise<void>;
}

/** Per credential, process-wide: the quota is per token, whichever node or execution spends it. */
const pacers = new Map<string, Pacer>();

/**
 * Waits until one more request fits in the quota window, in arrival order. A request that fits
 * goes at once; only loops that would exceed the quota are spread out. Returns `answered`, to call
 * when the server has answered: the server counts a request when it arrives, somewhere between
 * sending and answering, so the window is counted from the answer and a slow machine or network
 * never puts two requests closer together than the quota allows.
 */
async function paceRequest(api: VbcApi): Promise<() => void> {
	const { requests, windowMs, key } = api.quota;
	if (requests <= 0) {
		await waitOutQuotaPause(key);
		return () => undefined;
	}
	const pacer = pacers.get(key) ?? { sent: [], queue: Promise.resolve() };
	pacers.set(key, pacer);
	const span = windowMs * 1.02 + 50;
	const turn = pacer.queue.then(async () => {
		for (;;) {
			await waitOutQuotaPause(key);
			const now = Date.now();
			pacer.sent = pacer.sent.filter((slot) => slot.at > now - span);
			if (pacer.sent.length < requests) {
				const slot = { at: now };
				pacer.sent.push(slot);
				return slot;
			}
			await sleep(Math.min(...pacer.sent.map((slot) => slot.at)) + span - now);
		}
	});
	pacer.queue = turn.then(
		() => undefined,
		() => undefined,
	);
	const slot = await turn;
	return () => {
		slot.at = Math.max(slot.at, Date.now());
	};
}

/** Retry-After in ms, as seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (typeof header !== 'string' || header.trim() === '') return undefined;
	const text = header.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = DateTime.fromHTTP(text);
	return date.isValid ? Math.max(0, date.toMillis() - now) : undefined;
}

/** Exponential backoff with full jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
	return Math.round(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

function isTransient(error: unknown): boolean {
	const status = httpResponseOf(error)?.status;
	// A failure that carries a success status is a body that did not arrive whole (cut off mid-way).
	if (status !== undefined && status >= 200 && status < 300) return true;
	if (status !== undefined) return TRANSIENT_STATUSES.includes(status);
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && TRANSIENT_CODES.includes(code)) return true;
		if (CUT_OFF_BODY.test(String((current as Error).message ?? ''))) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

export interface SendOptions {
	/** Whether sending it twice does no harm (GET, DELETE): only such requests are retried after 5xx or a reset. */
	idempotent: boolean;
	subject?: string;
	itemIndex?: number;
	/** What the URL is, for the host guard's message. */
	what?: string;
}

async function attemptRequest(
	this: VbcFunctions,
	api: VbcApi,
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

/**
 * Sends one request with the credential, paced under the quota. On 429 it waits as the server asks
 * (Retry-After) or backs off, within the node's limit; a 429 means the server did nothing, so even
 * a POST is sent again. Idempotent requests are also retried after 502/503/504, resets and timeouts.
 * Redirects are followed here: the token goes along only to the API origin.
 */
async function send(
	this: VbcFunctions,
	api: VbcApi,
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
			url: target,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: request.timeout ?? api.timeoutMs,
		};
		let answered = sameOrigin ? await paceRequest(api) : undefined;
		let { response, failure } = await attemptRequest.call(this, api, attempt, sameOrigin);
		answered?.();
		if (sameOrigin && response?.statusCode === 401) {
			// n8n renews an expired token only when a request fails with 401: ask again in that mode.
			discardBody(response);
			answered = await paceRequest(api);
			const renew = { ...attempt, ignoreHttpStatusErrors: false };
			({ response, failure } = await attemptRequest.call(this, api, renew, sameOrigin));
			answered();
			if (failure && api.credentialType === CODE_GRANT_CONNECTION_TYPE) {
				({ response, failure } =
					(await retryAfterRefusedRenewal(failure, async () => {
						const done = await paceRequest(api);
						const outcome = await attemptRequest.call(this, api, renew, sameOrigin);
						done();
						return outcome;
					})) ?? { response, failure });
			}
		}
		if (response && response.statusCode >= 400) {
			failure = { response: { status: response.statusCode, headers: response.headers, data: await readErrorBody(response.body) } };
			response = undefined;
		}
		const status = response?.statusCode ?? httpResponseOf(failure)?.status;
		const headers = (response?.headers ?? httpResponseOf(failure)?.headers ?? {}) as IDataObject;
		if (sameOrigin && status !== 429) quotaAnswered(api.quota.key);

		if (status !== undefined && REDIRECT_STATUSES.includes(status) && typeof headers.location === 'string') {
			if (++redirects > MAX_REDIRECTS) {
				throw new NodeOperationError(node, `The ${options.what ?? 'request'} redirected more than ${MAX_REDIRECTS} times`, {
					itemIndex: options.itemIndex,
				});
			}
			target = new URL(headers.location, target).toString();
			continue;
		}
		if (response && !failure) return response;
		// A DELETE that failed on the way may have been done: its retry finding nothing means it was.
		if (status === 404 && request.method === 'DELETE' && transientRetries > 0) {
			return { statusCode: 204, headers: {}, body: '' };
		}

		if (status === 429) {
			const asked = retryAfterMs(headers['retry-after']);
			const wait = asked === undefined ? backoffMs(rateLimitRetries) : retryAfterWithJitter(asked);
			// The quota is used up for every request of this token, not only this one (see quotaPause).
			pauseQuota(api.quota.key, wait);
			if (rateLimitWaitedMs + wait > api.maxRateLimitWaitMs) {
				throw rateLimitedError(node, failure, rateLimitWaitedMs, asked, options);
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
		throw describeApiError(node, failure, options, transientRetries);
	}
}

function rateLimitedError(
	node: INode,
	failure: unknown,
	waitedMs: number,
	askedMs: number | undefined,
	options: SendOptions,
): NodeApiError {
	const error = describeApiError(node, failure, options) as NodeApiError;
	error.message = `VBC's request quota for this token is used up, and it was still used up after waiting ${Math.round(waitedMs / 1000)} s`;
	error.description =
		'The default quota is 10 requests per minute per token. Ask Vonage to raise it for your application and set the new value in the credential (Request Quota), raise Max Wait on Rate Limit in Request Options, or slow the workflow down (fewer items per run, a longer poll interval).';
	error.failure = { cause: 'rate-limited', ...(askedMs !== undefined ? { retryAfterMs: askedMs } : {}) };
	return error;
}

/**
 * The host guard. A URL that came from an API response or an input item may carry the token only
 * when it points at the API origin from the credential; anything else is refused, so a crafted
 * `download_url` cannot collect the token.
 */
export function resolveApiUrl(node: INode, api: Pick<VbcApi, 'baseUrl' | 'origin'>, url: string, what: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url, `${api.baseUrl}/`);
	} catch {
		throw new NodeOperationError(node, `The ${what} is not a URL: "${url.slice(0, 120)}"`);
	}
	if (parsed.origin !== api.origin) {
		throw new NodeOperationError(
			node,
			`The ${what} points to ${parsed.host}, not to the API host in the credential (${new URL(api.origin).host}): n8n will not send your Vonage token there`,
			{
				description:
					'If your VBC region really uses another host, set the API Base URL in the credential to that host.',
			},
		);
	}
	return parsed.toString();
}

interface HttpFailure {
	status?: number;
	data?: unknown;
	headers?: IDataObject;
}

/**
 * The HTTP response behind a failure. Statuses normally arrive as responses (see send); a failure is left
 * only when n8n itself threw: on the 401 retry, or on a network error. n8n 2.x keeps the HTTP client's error
 * as `cause`; n8n 1.x keeps only the status (`httpCode`) and body (`context.data`) of its NodeApiError.
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

interface ApiErrorContext {
	/** What was asked for, for the message: "recording 193228", "the recordings list". */
	subject?: string;
	itemIndex?: number;
}

function apiMessageOf(body: unknown): string | undefined {
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

/**
 * Turns an HTTP failure into a NodeApiError that says what to do. It is built from the status and
 * the API's own message only, never from the request, so no token can reach the error.
 */
export function describeApiError(
	node: INode,
	error: unknown,
	context: ApiErrorContext = {},
	retries = 0,
): Error {
	const response = httpResponseOf(error);
	// n8n's own errors (such as "reconnect the credential" after a failed refresh) already say what to do.
	if (!response && (error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	const status = response?.status;
	const apiMessage = apiMessageOf(response?.data);
	const said = apiMessage ? ` VBC said: "${apiMessage}"` : '';
	const subject = context.subject ?? 'the requested item';
	let message: string;
	let description: string;
	const oauthError = (response?.data as { error?: unknown } | undefined)?.error;
	if (typeof oauthError === 'string' && /^(invalid_grant|invalid_client|unauthorized_client|invalid_request)$/.test(oauthError)) {
		// The token endpoint's answer (RFC 6749), not the API's: the sign-in itself failed.
		const signInMessage = `VBC refused the sign-in (${oauthError}).${said}`;
		return new NodeApiError(node, { message: signInMessage, httpCode: String(status ?? '') }, {
			message: signInMessage,
			description:
				"Check the credential: the client key and secret of the VBC application, and for an integration user its username and password. For the OAuth2 credential, reconnect it.",
			httpCode: status ? String(status) : undefined,
			itemIndex: context.itemIndex,
			failure: { cause: 'credential-invalid' },
		});
	}
	switch (status) {
		case 400:
			message = `VBC rejected the request as invalid.${said}`;
			description = 'Check the filter values and IDs of this node.';
			break;
		case 401:
			message = 'VBC did not accept the credential: its access could not be renewed.';
			description =
				'Open the Vonage Business credential and reconnect it. Refresh tokens expire after 7 days without use; an Integration User credential avoids this.';
			break;
		case 403:
			message = `The VBC user behind this credential is not allowed to do this.${said}`;
			description =
				"Grant the Company Call Recording permission to this user in the VBC admin portal (Company recordings need it), make sure the application is subscribed to the Call Recording API, or use User ID 'self' for the user's own on-demand recordings.";
			break;
		case 404:
			message = `Not found: ${subject} does not exist, was deleted, or is not visible to this user.${said}`;
			description = 'Check the ID, the Scope (Company or On-Demand) and the User ID.';
			break;
		case 409:
			message = `VBC reports a conflict for ${subject}.${said}`;
			description = 'The item is not in a state that allows this yet; try again later.';
			break;
		case 429:
			message = `VBC's request quota for this token is used up.${said}`;
			description =
				'The default quota is 10 requests per minute. Ask Vonage to raise it for your application, or slow the workflow down (fewer items per run, a longer poll interval).';
			break;
		default:
			if (status !== undefined && status >= 500) {
				message = `VBC had a server error (HTTP ${status})${retries ? ` ${retries + 1} times in a row` : ''}.${said}`;
				description = 'This is on the Vonage side; try again in a few minutes.';
			} else if (status !== undefined) {
				message = `VBC answered HTTP ${status}.${said}`;
				description = 'See the API message above.';
			} else {
				const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
				message = `Could not reach VBC${code ? ` (${code})` : ''}${retries ? ` after ${retries + 1} tries` : ''}: ${(error as Error)?.message ?? String(error)}`;
				description = "Check the credential's API Base URL and the network.";
			}
	}
	const sanitized: JsonObject = { message, ...(status ? { httpCode: String(status) } : {}) };
	if (apiMessage) sanitized.apiMessage = apiMessage;
	const failure: NodeApiError['failure'] =
		status === 401
			? { cause: 'credential-invalid' }
			: status === 403 || status === 404
				? { cause: 'configuration-invalid' }
				: status === 429
					? { cause: 'rate-limited' }
					: status === undefined || status >= 500
						? { cause: 'temporarily-unavailable' }
						: undefined;
	return new NodeApiError(node, sanitized, {
		message,
		description,
		httpCode: status ? String(status) : undefined,
		itemIndex: context.itemIndex,
		...(failure ? { failure } : {}),
	});
}

/**
 * One authenticated JSON request. `url` is a path below the API base URL, or an absolute URL from a
 * response or an input item, which must pass the host guard first.
 */
export async function vbcRequest(
	this: VbcFunctions,
	api: VbcApi,
	options: IHttpRequestOptions,
	context: ApiErrorContext & { what?: string } = {},
): Promise<IN8nHttpFullResponse> {
	const method = options.method ?? 'GET';
	const url = /^[a-z][a-z0-9+.-]*:/i.test(options.url) ? options.url : `${api.baseUrl}${options.url}`;
	return await send.call(
		this,
		api,
		{ json: true, ...options, method, url },
		{ ...context, idempotent: method === 'GET' || method === 'HEAD' || method === 'DELETE' },
	);
}

/** The items of a HAL page, whatever the embedded list is called (recordings, transcriptions, jobs). */
export function embeddedItems(body: unknown): IDataObject[] {
	const embedded = (body as { _embedded?: Record<string, unknown> } | undefined)?._embedded;
	if (!embedded || typeof embedded !== 'object') return [];
	const list = Object.values(embedded).find(Array.isArray);
	return (list as IDataObject[] | undefined) ?? [];
}

/**
 * The request for the page `_links.next.href` names. The link decides the path and the page
 * number, so the page-number base (0 or 1) never matters; the query we sent is kept underneath it,
 * because the documented links carry only `page` and would otherwise drop the filters.
 */
export function followNextLink(
	node: INode,
	api: Pick<VbcApi, 'baseUrl' | 'origin'>,
	href: string,
	currentQuery: IDataObject,
): { url: string; qs: IDataObject } {
	const target = new URL(resolveApiUrl(node, api, href, 'next page link (_links.next.href)'));
	const qs: IDataObject = { ...currentQuery };
	for (const [key, value] of target.searchParams) qs[key] = value;
	target.search = '';
	return { url: target.toString(), qs };
}

export interface PageRequest {
	/** Path below the API base URL, already validated and encoded. */
	path: string;
	qs?: IDataObject;
	/** Stop after this many items; undefined reads every page. */
	limit?: number;
	subject?: string;
	/**
	 * Whether the list endpoint declares `page_size` (the job lists do not): without it the server's
	 * own page size is used.
	 */
	pageSizeParameter?: boolean;
	/**
	 * Turns each page's items into output (one for one) as soon as the page arrives, so that work
	 * overlaps the wait for the pages still on their way.
	 */
	eachPage?: (items: IDataObject[]) => IDataObject[];
}

/**
 * Reads a HAL list: one request when the limit fits in a page (page_size = limit), the largest page
 * size otherwise, following `next` until it is absent, a page is empty, or the limit is reached.
 */
export async function getAllPages(this: VbcFunctions, api: VbcApi, request: PageRequest): Promise<IDataObject[]> {
	return (await readPages.call(this, api, request)).items;
}

/** A page to read: a path or URL below the API, and its query. */
interface PageAddress {
	url: string;
	qs: IDataObject;
}

/**
 * The pages after `next` that the list still has, addressed like `next`: the link's page number counts
 * on from there, whatever the numbering base. Empty when the page count or the link's number is unknown,
 * then the pages are read one by one, following each `next`.
 */
function pagesAfterNext(next: PageAddress, body: unknown, pagesRead: number, pagesWanted: number): PageAddress[] {
	const totalPages = (body as IDataObject | undefined)?.total_pages;
	const nextPage = Number(next.qs.page);
	if (typeof totalPages !== 'number' || !Number.isInteger(nextPage)) return [];
	const count = Math.min(totalPages - pagesRead, pagesWanted) - 1;
	return Array.from({ length: Math.max(0, count) }, (_, i) => ({
		url: next.url,
		qs: { ...next.qs, page: String(nextPage + 1 + i) },
	}));
}

const pageKey = ({ url, qs }: PageAddress) => `${url}?${JSON.stringify(qs)}`;

interface PageRead {
	body: unknown;
	items: IDataObject[];
}

/** Reads pages several at a time (each still paced under the quota) and returns them in page order. */
async function readPagesInOrder(
	this: VbcFunctions,
	api: VbcApi,
	pages: PageAddress[],
	request: PageRequest,
): Promise<PageRead[]> {
	const read: PageRead[] = new Array(pages.length);
	let nextIndex = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (failure === undefined && nextIndex < pages.length) {
			const index = nextIndex++;
			try {
				const { url, qs } = pages[index];
				const { body } = await vbcRequest.call(this, api, { method: 'GET', url, qs }, { subject: request.subject });
				const items = embeddedItems(body);
				read[index] = { body, items: request.eachPage ? request.eachPage(items) : items };
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(PAGES_IN_FLIGHT, pages.length) }, worker));
	if (failure) throw failure.error;
	return read;
}

/**
 * The same, and whether the list kept its size (`total_items`) while it was paged: when it did not,
 * items may have shifted between pages, and a caller that must not lose any should not trust the gaps.
 *
 * The first page gives the page count, so the pages after it are read a few at a time rather than one
 * after another; they stay in page order, and the last one's `next` is still followed in case the list
 * grew meanwhile.
 */
export async function readPages(
	this: VbcFunctions,
	api: VbcApi,
	request: PageRequest,
): Promise<{ items: IDataObject[]; stable: boolean; requests: number }> {
	const node = this.getNode();
	const sendsPageSize = request.pageSizeParameter !== false;
	let pageSize = request.limit === undefined ? MAX_PAGE_SIZE : Math.min(request.limit, MAX_PAGE_SIZE);
	let pages: PageAddress[] = [{ url: request.path, qs: sendsPageSize ? { ...request.qs, page_size: pageSize } : { ...request.qs } }];
	const items: IDataObject[] = [];
	const requested = new Set<string>();
	const totals = new Set<unknown>();
	const result = (list: IDataObject[]) => ({ items: list, stable: totals.size <= 1, requests: requested.size });
	for (;;) {
		for (const page of pages) requested.add(pageKey(page));
		const read = await readPagesInOrder.call(this, api, pages, request);
		for (const { body, items: pageItems } of read) {
			items.push(...pageItems);
			totals.add((body as IDataObject | undefined)?.total_items);
			if (request.limit !== undefined && items.length >= request.limit) return result(items.slice(0, request.limit));
			if (pageItems.length === 0) return result(items);
		}
		const lastBody = read[read.length - 1].body;
		if (!sendsPageSize) pageSize = Math.max(1, read[0].items.length);
		const href = (lastBody as { _links?: { next?: { href?: unknown } } })?._links?.next?.href;
		if (typeof href !== 'string' || href === '') return result(items);
		const next = followNextLink(node, api, href, pages[pages.length - 1].qs);
		// A server that links a page to itself would otherwise keep this loop spending quota.
		if (requested.has(pageKey(next))) return result(items);
		const pagesWanted =
			request.limit === undefined ? Number.POSITIVE_INFINITY : Math.ceil((request.limit - items.length) / pageSize);
		pages = [next, ...pagesAfterNext(next, lastBody, requested.size, pagesWanted)];
	}
}

export interface ListPageRead {
	items: IDataObject[];
	/** `total_items` and `total_pages`, when the API sent them. */
	total?: number;
	pages?: number;
	/** The page number `_links.next.href` names; undefined on the last page. */
	next?: number;
}

/**
 * One page of a HAL list, with the counts the API sends alongside it. The trigger addresses pages by
 * number (the numbers the links use) rather than following links, so it can read any page of a window.
 */
export async function readListPage(
	this: VbcFunctions,
	api: VbcApi,
	request: { path: string; qs: IDataObject; subject?: string },
): Promise<ListPageRead> {
	const { body } = await vbcRequest.call(this, api, { method: 'GET', url: request.path, qs: request.qs }, { subject: request.subject });
	const page = (body ?? {}) as IDataObject & { _links?: { next?: { href?: unknown } } };
	const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
	let next: number | undefined;
	const href = page._links?.next?.href;
	if (typeof href === 'string' && href !== '') {
		let number = Number.NaN;
		try {
			number = Number(new URL(href, `${api.baseUrl}/`).searchParams.get('page') ?? Number.NaN);
		} catch {
			// An unreadable link: treated as the last page.
		}
		if (Number.isInteger(number)) next = number;
	}
	return { items: embeddedItems(body), total: count(page.total_items), pages: count(page.total_pages), next };
}

function fileNameFromDisposition(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
	if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
	const plain = /filename="?([^";]+)"?/i.exec(header);
	return plain?.[1];
}

/**
 * Streams a file from the API into n8n's binary data store without holding it in memory.
 * Redirects are followed by hand: the token goes along only while the target is the API origin.
 */
export async function downloadToBinary(
	this: VbcFunctions,
	api: VbcApi,
	url: string,
	options: {
		/** What the URL is, for the host guard's message: "download_url of recording 1". */
		what: string;
		/** A name that wins over the server's, such as the recording's file_name. */
		fileName?: string;
		/** Used when the server names no file. */
		defaultFileName?: string;
		/** Used when the server sends no specific content type. */
		defaultMimeType?: string;
		subject?: string;
		itemIndex?: number;
	},
): Promise<IBinaryData> {
	// A body cut off before its Content-Length fails only while it is stored: then the whole GET is
	// sent again, within the same retry budget as any other transient failure.
	for (let retries = 0; ; retries++) {
		const response = await send.call(
			this,
			api,
			{ method: 'GET', url, encoding: 'stream', json: false, timeout: Math.max(api.timeoutMs, 600_000) },
			{ idempotent: true, what: options.what, subject: options.subject, itemIndex: options.itemIndex },
		);
		const served = String(response.headers['content-type'] ?? '').split(';')[0].trim();
		const contentType = served && served !== 'application/octet-stream' ? served : options.defaultMimeType;
		const fileName =
			options.fileName ?? fileNameFromDisposition(response.headers['content-disposition']) ?? options.defaultFileName;
		try {
			return await this.helpers.prepareBinaryData(
				response.body as Parameters<typeof this.helpers.prepareBinaryData>[0],
				fileName,
				contentType,
			);
		} catch (error) {
			discardBody(response);
			if (retries >= MAX_TRANSIENT_RETRIES || !isTransient(error)) {
				throw describeApiError(this.getNode(), error, options, retries);
			}
			await sleep(backoffMs(retries));
		}
	}
}

/** JSON results as output items. */
export const asItems = (results: IDataObject[]): INodeExecutionData[] => results.map((json) => ({ json }));

/** Errors as n8n shows them: bad input names the field; everything else keeps its own type. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof InvalidInputError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Field: ${error.field}` });
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)), { itemIndex });
}

/**
 * Runs an operation for the item that n8n's RoutingNode is working on. Declarative routing has no
 * hook around a request other than `operations.pagination`, so every routed operation uses it: that
 * is how it gets paging, clear errors, `continueOnFail` and `pairedItem`.
 */
export function routedOperation(
	run: (this: IExecuteSingleFunctions, api: VbcApi, itemIndex: number) => Promise<INodeExecutionData[]>,
): (this: IExecutePaginationFunctions) => Promise<INodeExecutionData[]> {
	return async function (this: IExecutePaginationFunctions): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		try {
			const api = await getVbcApi.call(this);
			const results = await run.call(this, api, itemIndex);
			return results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (this.continueOnFail()) {
				return [{ json: { error: nodeError.message }, pairedItem: { item: itemIndex } }];
			}
			throw nodeError;
		}
	};
}

/** The same contract for code-driven operations (custom operations), item by item. */
export async function forEachItem(
	this: IExecuteFunctions,
	run: (itemIndex: number, api: VbcApi) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	let api: VbcApi | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			api ??= await getVbcApi.call(this);
			const results = await run(itemIndex, api);
			output.push(...results.map((result) => ({ ...result, pairedItem: { item: itemIndex } })));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (this.continueOnFail()) {
				output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw nodeError;
		}
	}
	return [output];
}

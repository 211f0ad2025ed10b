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
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidInputError, requireAccountOrUserId } from './validation';

/**
 * The one place where this package talks HTTP: authentication, the host guard, paging, error
 * messages and streamed downloads. Operations describe what to ask; this module asks.
 */

export const VBC_CONNECTION_TYPE = 'vonageBusinessOAuth2Api';

/** The largest page the API serves; Return All and the trigger ask for it to spend the fewest requests. */
export const MAX_PAGE_SIZE = 100;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

export type VbcFunctions = IExecuteFunctions | IExecuteSingleFunctions | IPollFunctions;

/** Where the API lives, from the credential. */
export interface VbcApi {
	baseUrl: string;
	origin: string;
	accountId: string;
}

export async function getVbcApi(this: VbcFunctions): Promise<VbcApi> {
	const credentials = await this.getCredentials(VBC_CONNECTION_TYPE);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	let origin: string;
	try {
		origin = new URL(baseUrl).origin;
	} catch {
		throw new NodeOperationError(
			this.getNode(),
			`The credential's API Base URL is not a URL: "${baseUrl}". Set it to https://api.vonage.com/t/vbc.prod/call_recording`,
		);
	}
	const accountId = requireAccountOrUserId(credentials.accountId || 'self', 'Account ID (in the credential)');
	return { baseUrl, origin, accountId };
}

/**
 * The host guard. A URL that came from an API response or an input item may carry the token only
 * when it points at the API origin from the credential; anything else is refused, so a crafted
 * `download_url` cannot collect the token.
 */
export function resolveApiUrl(node: INode, api: VbcApi, url: string, what: string): string {
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

/** The HTTP response behind a failure, whether n8n handed over the HTTP client's error or wrapped it in a NodeApiError. */
export function httpResponseOf(error: unknown): HttpFailure | undefined {
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const response = (current as { response?: HttpFailure }).response;
		if (response && typeof response === 'object' && typeof response.status === 'number') return response;
		current = (current as { cause?: unknown }).cause;
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
export function describeApiError(node: INode, error: unknown, context: ApiErrorContext = {}): Error {
	const response = httpResponseOf(error);
	// n8n's own errors (such as "reconnect the credential" after a failed refresh) already say what to do.
	if (!response && (error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	const status = response?.status;
	const apiMessage = apiMessageOf(response?.data);
	const said = apiMessage ? ` VBC said: "${apiMessage}"` : '';
	const subject = context.subject ?? 'the requested item';
	let message: string;
	let description: string;
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
				message = `VBC had a server error (HTTP ${status}).${said}`;
				description = 'This is on the Vonage side; try again in a few minutes.';
			} else if (status !== undefined) {
				message = `VBC answered HTTP ${status}.${said}`;
				description = 'See the API message above.';
			} else {
				const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
				message = `Could not reach VBC${code ? ` (${code})` : ''}: ${(error as Error)?.message ?? String(error)}`;
				description = "Check the credential's API Base URL and the network.";
			}
	}
	const sanitized: JsonObject = { message, ...(status ? { httpCode: String(status) } : {}) };
	if (apiMessage) sanitized.apiMessage = apiMessage;
	return new NodeApiError(node, sanitized, {
		message,
		description,
		httpCode: status ? String(status) : undefined,
		itemIndex: context.itemIndex,
	});
}

/**
 * One authenticated request. `url` is a path below the API base URL, or an absolute URL from a
 * response or an input item, which must pass the host guard first.
 */
export async function vbcRequest(
	this: VbcFunctions,
	api: VbcApi,
	options: IHttpRequestOptions,
	context: ApiErrorContext & { what?: string } = {},
): Promise<IN8nHttpFullResponse> {
	const url = /^[a-z][a-z0-9+.-]*:/i.test(options.url)
		? resolveApiUrl(this.getNode(), api, options.url, context.what ?? 'URL')
		: `${api.baseUrl}${options.url}`;
	try {
		return (await this.helpers.httpRequestWithAuthentication.call(this, VBC_CONNECTION_TYPE, {
			json: true,
			...options,
			url,
			returnFullResponse: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw describeApiError(this.getNode(), error, context);
	}
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
	api: VbcApi,
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
}

/**
 * Reads a HAL list: one request when the limit fits in a page (page_size = limit), the largest page
 * size otherwise, following `next` until it is absent, a page is empty, or the limit is reached.
 */
export async function getAllPages(this: VbcFunctions, api: VbcApi, request: PageRequest): Promise<IDataObject[]> {
	return (await readPages.call(this, api, request)).items;
}

/**
 * The same, and whether the list kept its size (`total_items`) while it was paged: when it did not,
 * items may have shifted between pages, and a caller that must not lose any should not trust the gaps.
 */
export async function readPages(
	this: VbcFunctions,
	api: VbcApi,
	request: PageRequest,
): Promise<{ items: IDataObject[]; stable: boolean; requests: number }> {
	const node = this.getNode();
	const pageSize = request.limit === undefined ? MAX_PAGE_SIZE : Math.min(request.limit, MAX_PAGE_SIZE);
	let url = request.path;
	let qs: IDataObject = { ...request.qs, page_size: pageSize };
	const items: IDataObject[] = [];
	const requested = new Set<string>();
	const totals = new Set<unknown>();
	const result = (list: IDataObject[]) => ({ items: list, stable: totals.size <= 1, requests: requested.size });
	for (;;) {
		requested.add(`${url}?${JSON.stringify(qs)}`);
		const { body } = await vbcRequest.call(this, api, { method: 'GET', url, qs }, { subject: request.subject });
		const pageItems = embeddedItems(body);
		items.push(...pageItems);
		totals.add((body as IDataObject | undefined)?.total_items);
		if (request.limit !== undefined && items.length >= request.limit) return result(items.slice(0, request.limit));
		const href = (body as { _links?: { next?: { href?: unknown } } })?._links?.next?.href;
		if (pageItems.length === 0 || typeof href !== 'string' || href === '') return result(items);
		({ url, qs } = followNextLink(node, api, href, qs));
		// A server that links a page to itself would otherwise keep this loop spending quota.
		if (requested.has(`${url}?${JSON.stringify(qs)}`)) return result(items);
	}
}

export interface DownloadedFile {
	binary: IBinaryData;
	contentType?: string;
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
): Promise<DownloadedFile> {
	const node = this.getNode();
	let target = resolveApiUrl(node, api, url, options.what);
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		const request: IHttpRequestOptions = {
			method: 'GET',
			url: target,
			encoding: 'stream',
			returnFullResponse: true,
			disableFollowRedirect: true,
		};
		let response: IN8nHttpFullResponse;
		try {
			response =
				new URL(target).origin === api.origin
					? ((await this.helpers.httpRequestWithAuthentication.call(
							this,
							VBC_CONNECTION_TYPE,
							request,
						)) as IN8nHttpFullResponse)
					: ((await this.helpers.httpRequest(request)) as IN8nHttpFullResponse);
		} catch (error) {
			const failed = httpResponseOf(error);
			const location = failed?.headers?.location;
			if (failed?.status && REDIRECT_STATUSES.includes(failed.status) && typeof location === 'string') {
				target = new URL(location, target).toString();
				continue;
			}
			throw describeApiError(node, error, { subject: options.subject, itemIndex: options.itemIndex });
		}
		if (REDIRECT_STATUSES.includes(response.statusCode) && typeof response.headers.location === 'string') {
			target = new URL(response.headers.location, target).toString();
			continue;
		}
		const served = String(response.headers['content-type'] ?? '').split(';')[0].trim();
		const contentType = served && served !== 'application/octet-stream' ? served : options.defaultMimeType;
		const fileName =
			options.fileName ?? fileNameFromDisposition(response.headers['content-disposition']) ?? options.defaultFileName;
		const binary = await this.helpers.prepareBinaryData(
			response.body as Parameters<typeof this.helpers.prepareBinaryData>[0],
			fileName,
			contentType,
		);
		return { binary, contentType };
	}
	throw new NodeOperationError(node, `The ${options.what} redirected more than ${MAX_REDIRECTS} times`, {
		itemIndex: options.itemIndex,
	});
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

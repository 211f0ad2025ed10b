import type { IDataObject, INode } from 'n8n-workflow';

import type { ApiConnection, ApiFunctions } from './api';
import { apiRequest } from './request';

/** A page to read: a path or URL below the API, and its query. */
export interface PageAddress {
	url: string;
	qs: IDataObject;
}

/** What a cursor style is told about the page just read. */
export interface PageContext {
	node: INode;
	api: ApiConnection;
	body: unknown;
	/** The page's items, as the style's `itemsOf` gave them. */
	items: IDataObject[];
	current: PageAddress;
}

/**
 * How one API pages a list: where the items are, how the next page is addressed, and when the list
 * ends. The paging loop (`readPages`) is the same for every provider; the styles are in cursors.ts.
 */
export interface CursorStyle {
	/** The query parameter that sets the page size. */
	pageSizeParameter: string;
	/** The largest page to ask for: Return All uses it, a limit below it asks for exactly the limit. */
	maxPageSize: number;
	itemsOf(body: unknown): IDataObject[];
	/** The next page, or `undefined` when this page was the last. */
	nextPage(page: PageContext): PageAddress | undefined;
	/**
	 * Pages after `next` that can be addressed before `next` is read (a list that says how many
	 * pages it has), to read a few at a time. Empty or absent: pages are read one by one.
	 */
	pagesAfter?(next: PageAddress, body: unknown, pagesRead: number, pagesWanted: number): PageAddress[];
	/**
	 * Whether an empty page ends the list. Not where the server filters a page after reading it
	 * (Kazoo): there an empty page can be followed by full ones.
	 */
	emptyPageEnds: boolean;
	/** An item's identity, where a cursor can hand the same item out twice (a strict `<` time token). */
	itemKey?(item: IDataObject): string;
	/** The list's size as the server reports it, to tell whether it moved while it was paged. */
	sizeOf?(body: unknown): unknown;
}

export interface PageRequest {
	/** Path below the API base URL (already validated and encoded), or an absolute API URL. */
	path: string;
	qs?: IDataObject;
	/** Stop after this many items; undefined reads every page. */
	limit?: number;
	/** The page size to ask for instead of "the limit, up to the largest page". */
	pageSize?: number;
	subject?: string;
	itemIndex?: number;
	/**
	 * Turns each page's items into output (one for one) as soon as the page arrives, so that work
	 * overlaps the wait for the pages still on their way.
	 */
	eachPage?: (items: IDataObject[]) => IDataObject[];
	/**
	 * Whether a page (its items as the API sent them, before deduplication and `eachPage`) is the last
	 * one the caller needs: a list sorted by time that is past the wanted range, or a short page of a
	 * server that fills every page it can. Absent: the cursor style alone says when the list ends.
	 */
	isLastPage?: (raw: IDataObject[], pageSize: number) => boolean;
}

export interface PagesRead {
	items: IDataObject[];
	/** Whether the list kept its reported size while it was paged (true when the API reports none). */
	stable: boolean;
	/** List requests sent (retries not counted). */
	requests: number;
	/** The body of the last page read, for callers that read list-level fields. */
	lastBody: unknown;
}

/**
 * Pages of one list read at the same time once the page count is known. Each request is still paced
 * under the quota; this only overlaps the waits for the answers.
 */
const PAGES_IN_FLIGHT = 4;

const pageKey = ({ url, qs }: PageAddress) => `${url}?${JSON.stringify(qs)}`;

interface PageRead {
	body: unknown;
	/** The items as the caller wants them (after `eachPage`). */
	items: IDataObject[];
	/** The items as the API sent them, for the cursor style. */
	raw: IDataObject[];
}

/** Reads pages several at a time (each still paced under the quota) and returns them in page order. */
async function readPagesInOrder(
	this: ApiFunctions,
	api: ApiConnection,
	style: CursorStyle,
	pages: PageAddress[],
	request: PageRequest,
	seenKeys: Set<string> | undefined,
): Promise<PageRead[]> {
	const read: PageRead[] = new Array(pages.length);
	let nextIndex = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (failure === undefined && nextIndex < pages.length) {
			const index = nextIndex++;
			try {
				const { url, qs } = pages[index];
				const { body } = await apiRequest.call(
					this,
					api,
					{ method: 'GET', url, qs },
					{ subject: request.subject, itemIndex: request.itemIndex },
				);
				const raw = style.itemsOf(body);
				const fresh = seenKeys && style.itemKey ? raw.filter((item) => !seenKeys.has(style.itemKey!(item))) : raw;
				if (seenKeys && style.itemKey) for (const item of fresh) seenKeys.add(style.itemKey(item));
				read[index] = { body, raw, items: request.eachPage ? request.eachPage(fresh) : fresh };
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
 * Reads a list page by page with one provider's cursor style: one request when the limit fits in a
 * page (the page size is the limit), the largest page otherwise, until the style says the list
 * ended, the limit is reached, or a page repeats (a server that links a page to itself would
 * otherwise keep this loop spending quota).
 *
 * Where the style knows the page count, the pages after the first are read a few at a time; they stay
 * in page order, and the last one's next page is still followed in case the list grew meanwhile.
 */
export async function readPages(
	this: ApiFunctions,
	api: ApiConnection,
	style: CursorStyle,
	request: PageRequest,
): Promise<PagesRead> {
	const node = this.getNode();
	const pageSize =
		request.pageSize ?? (request.limit === undefined ? style.maxPageSize : Math.min(request.limit, style.maxPageSize));
	let pages: PageAddress[] = [{ url: request.path, qs: { ...request.qs, [style.pageSizeParameter]: pageSize } }];
	const items: IDataObject[] = [];
	const requested = new Set<string>();
	const sizes = new Set<unknown>();
	const seenKeys = style.itemKey ? new Set<string>() : undefined;
	let lastBody: unknown;
	const result = (list: IDataObject[]): PagesRead => ({
		items: list,
		stable: sizes.size <= 1,
		requests: requested.size,
		lastBody,
	});
	for (;;) {
		for (const page of pages) requested.add(pageKey(page));
		const read = await readPagesInOrder.call(this, api, style, pages, request, seenKeys);
		for (const { body, items: pageItems, raw } of read) {
			lastBody = body;
			items.push(...pageItems);
			if (style.sizeOf) sizes.add(style.sizeOf(body));
			if (request.limit !== undefined && items.length >= request.limit) return result(items.slice(0, request.limit));
			if (style.emptyPageEnds && pageItems.length === 0) return result(items);
			if (request.isLastPage?.(raw, pageSize)) return result(items);
		}
		const last = read[read.length - 1];
		const next = style.nextPage({ node, api, body: last.body, items: last.raw, current: pages[pages.length - 1] });
		if (next === undefined || requested.has(pageKey(next))) return result(items);
		const pagesWanted =
			request.limit === undefined ? Number.POSITIVE_INFINITY : Math.ceil((request.limit - items.length) / pageSize);
		pages = [next, ...(style.pagesAfter?.(next, last.body, requested.size, pagesWanted) ?? [])];
	}
}

import type { IDataObject } from 'n8n-workflow';

import { resolveApiUrl } from './hostGuard';
import type { CursorStyle, PageAddress } from './paging';

/**
 * The cursor styles of the providers' list APIs, for the paging loop in paging.ts. Each says where
 * a page's items are and how the next page is addressed; none sends a request.
 */

/** The items of a HAL page, whatever the embedded list is called (recordings, transcriptions, jobs). */
export function embeddedItems(body: unknown): IDataObject[] {
	const embedded = (body as { _embedded?: Record<string, unknown> } | undefined)?._embedded;
	if (!embedded || typeof embedded !== 'object') return [];
	const list = Object.values(embedded).find(Array.isArray);
	return (list as IDataObject[] | undefined) ?? [];
}

function arrayAt(body: unknown, key: string): IDataObject[] {
	const list = (body as IDataObject | undefined)?.[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/**
 * HAL `_links.next.href` (VBC). The link decides the path and the page number, so the page-number
 * base (0 or 1) never matters; the query we sent is kept underneath it, because the documented links
 * carry only `page` and would otherwise drop the filters. The link must pass the host guard. With
 * `total_pages`, the pages after `next` are addressed like `next`, to be read a few at a time.
 */
export function halNextLink(maxPageSize: number): CursorStyle {
	return {
		pageSizeParameter: 'page_size',
		maxPageSize,
		emptyPageEnds: true,
		itemsOf: embeddedItems,
		sizeOf: (body) => (body as IDataObject | undefined)?.total_items,
		nextPage({ node, api, body, current }) {
			const href = (body as { _links?: { next?: { href?: unknown } } })?._links?.next?.href;
			if (typeof href !== 'string' || href === '') return undefined;
			const target = new URL(resolveApiUrl(node, api, href, 'next page link (_links.next.href)'));
			const qs: IDataObject = { ...current.qs };
			for (const [key, value] of target.searchParams) qs[key] = value;
			target.search = '';
			return { url: target.toString(), qs };
		},
		pagesAfter(next, body, pagesRead, pagesWanted) {
			const totalPages = (body as IDataObject | undefined)?.total_pages;
			const nextPage = Number(next.qs.page);
			if (typeof totalPages !== 'number' || !Number.isInteger(nextPage)) return [];
			const count = Math.min(totalPages - pagesRead, pagesWanted) - 1;
			return Array.from({ length: Math.max(0, count) }, (_, i): PageAddress => ({
				url: next.url,
				qs: { ...next.qs, page: String(nextPage + 1 + i) },
			}));
		},
	};
}

/**
 * Crossbar's `next_start_key` (Kazoo): the last page has none. Kazoo ≥ 4.2 sends an opaque encoded
 * string; older clusters send the raw view key (a JSON array), which goes back JSON-encoded. Kazoo
 * filters a page after reading it, so an empty page does not end the list.
 */
export function nextStartKey(maxPageSize: number): CursorStyle {
	return {
		pageSizeParameter: 'page_size',
		maxPageSize,
		emptyPageEnds: false,
		itemsOf: (body) => arrayAt(body, 'data'),
		nextPage({ body, current }) {
			const key = (body as IDataObject | undefined)?.next_start_key;
			if (key === undefined || key === null || key === '') return undefined;
			return { url: current.url, qs: { ...current.qs, start_key: typeof key === 'string' ? key : JSON.stringify(key) } };
		},
	};
}

/**
 * VoIPbin's `page_token`: the server lists items strictly older (`<`) than the token, which is the
 * last item's time, so items sharing that instant would be skipped. The next token is therefore moved
 * one microsecond later (ties are read again) and items are deduplicated by ID. The list ends on an
 * empty page, or when a page brings nothing new (a page made only of one instant).
 */
export function strictTimeToken(maxPageSize: number, itemKey: (item: IDataObject) => string): CursorStyle {
	return {
		pageSizeParameter: 'page_size',
		maxPageSize,
		emptyPageEnds: true,
		itemKey,
		itemsOf: (body) => arrayAt(body, 'result'),
		nextPage({ body, current, items }) {
			const token = (body as IDataObject | undefined)?.next_page_token;
			if (typeof token !== 'string' || token === '' || items.length === 0) return undefined;
			return { url: current.url, qs: { ...current.qs, page_token: oneMicrosecondLater(token) } };
		},
	};
}

/**
 * A time token `2006-01-02T15:04:05.000000Z` (or the legacy `2006-01-02 15:04:05.000000`) moved one
 * microsecond later, in the same shape. Anything else is returned as it came.
 */
export function oneMicrosecondLater(token: string): string {
	const match = /^(\d{4}-\d{2}-\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z?)$/.exec(token);
	if (!match) return token;
	const [, day, separator, hh, mm, ss, fraction = '', zone] = match;
	const micros = Number(fraction.padEnd(6, '0')) + 1;
	const base = Date.parse(`${day}T${hh}:${mm}:${ss}Z`) + Math.floor(micros / 1_000_000) * 1000;
	const rest = String(micros % 1_000_000).padStart(6, '0');
	const iso = new Date(base).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
	return `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}.${rest}${zone}`;
}

/** Bird's `nextPageToken`: absent, `""` or `null` on the last page. */
export function nextPageToken(maxPageSize: number): CursorStyle {
	return {
		pageSizeParameter: 'limit',
		maxPageSize,
		emptyPageEnds: true,
		itemsOf: (body) => arrayAt(body, 'results'),
		nextPage({ body, current }) {
			const token = (body as IDataObject | undefined)?.nextPageToken;
			if (typeof token !== 'string' || token === '') return undefined;
			return { url: current.url, qs: { ...current.qs, pageToken: token } };
		},
	};
}

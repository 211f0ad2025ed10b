import type { IDataObject } from 'n8n-workflow';

import type { ApiConnection, ApiFunctions } from '../../../core/api';
import { strictTimeToken } from '../../../core/cursors';
import { readPages } from '../../../core/paging';
import { pageTokenAt, parseVoipbinTime } from './times';

/** VoIPbin clamps page_size to 100. */
export const MAX_PAGE_SIZE = 100;

/**
 * VoIPbin pages on `page_token`, the last item's tm_create, and lists what is strictly older (`<`):
 * the core's style asks from one microsecond after the token, so items sharing that instant are read
 * again, and drops those it already has by ID.
 */
export const voipbinPages = strictTimeToken(MAX_PAGE_SIZE, (item) => String(item.id));

export interface ListRequest {
	/** `/recordings`, `/transcribes`. */
	path: string;
	qs?: IDataObject;
	/** Created at or after this time (µs), inclusive. */
	from?: number;
	/** Created at or before this time (µs), inclusive: the first page token skips what is newer. */
	to?: number;
	/** A filter VoIPbin cannot apply: the node applies it to each item read. */
	keep?: (item: IDataObject) => boolean;
	limit?: number;
	subject: string;
	itemIndex?: number;
}

export interface Listed {
	/** Newest first, each once. */
	items: IDataObject[];
	requests: number;
}

const createdAt = (item: IDataObject): number | undefined => parseVoipbinTime(item.tm_create);

/**
 * Lists newest first, with the node's own filters: VoIPbin has none. The first page starts at `to`
 * (a page token is a time), and reading stops at the first page that reaches past `from`, at a
 * short page (VoIPbin fills every page it can), or once `limit` items passed the filters.
 */
export async function listNewestFirst(this: ApiFunctions, api: ApiConnection, request: ListRequest): Promise<Listed> {
	const { from, to, keep, limit } = request;
	const wanted = (item: IDataObject): boolean => {
		const at = createdAt(item);
		if ((from !== undefined || to !== undefined) && at === undefined) return false;
		if (from !== undefined && at! < from) return false;
		if (to !== undefined && at! > to) return false;
		return keep ? keep(item) : true;
	};
	const filtered = from !== undefined || keep !== undefined;
	let kept = 0;
	const read = await readPages.call(this, api, voipbinPages, {
		path: request.path,
		qs: { ...request.qs, ...(to !== undefined ? { page_token: pageTokenAt(to + 1) } : {}) },
		// Without filters the limit is the page size; with them, whole pages, since some items drop out.
		...(filtered ? { pageSize: MAX_PAGE_SIZE } : { limit }),
		subject: request.subject,
		itemIndex: request.itemIndex,
		eachPage: (items) => {
			kept += items.filter(wanted).length;
			return items;
		},
		isLastPage: (raw, pageSize) => {
			if (raw.length < pageSize) return true;
			if (limit !== undefined && kept >= limit) return true;
			if (from === undefined) return false;
			const oldest = createdAt(raw[raw.length - 1]);
			return oldest !== undefined && oldest < from;
		},
	});
	const items = read.items.filter(wanted);
	return { items: limit === undefined ? items : items.slice(0, limit), requests: read.requests };
}

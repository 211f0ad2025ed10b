import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { ApiFunctions } from '../../../core/api';
import { nextStartKey } from '../../../core/cursors';
import { optionalDateTime } from '../../../core/dates';
import { readPages } from '../../../core/paging';
import { InvalidInputError, optionalText, requireBoolean, requireOption, shown } from '../../../core/validation';
import type { KazooApi } from './connection';
import { dateToGregorian, LISTING_WINDOW_SECONDS, toGregorianSeconds } from './gregorian';
import { requireDocumentField, requireKazooId } from './ids';

/**
 * Kazoo documents no largest page. Return All asks for pages of this many, so a month of a busy
 * account is a handful of requests while one answer stays a few megabytes.
 */
export const MAX_PAGE_SIZE = 500;

export const kazooPages = nextStartKey(MAX_PAGE_SIZE);

export interface ListingRange {
	/** Gregorian seconds, inclusive. */
	from: number;
	/** Gregorian seconds, inclusive. */
	to: number;
}

/**
 * The range as 31-day windows (contiguous, not overlapping), in the order they are read: newest
 * first, or oldest first when ascending. Kazoo refuses a range over 31 days + 1 hour.
 */
export function listingWindows({ from, to }: ListingRange, ascending: boolean): ListingRange[] {
	const windows: ListingRange[] = [];
	for (let start = from; start <= to; start += LISTING_WINDOW_SECONDS) {
		windows.push({ from: start, to: Math.min(to, start + LISTING_WINDOW_SECONDS - 1) });
	}
	return ascending ? windows : windows.reverse();
}

export interface ListRequest {
	path: string;
	range: ListingRange;
	ascending: boolean;
	/** `filter_*` and the like, already checked. */
	qs: IDataObject;
	limit?: number;
	subject: string;
	itemIndex?: number;
	eachPage?: (items: IDataObject[]) => IDataObject[];
}

/**
 * Lists recordings created in the range, window after window, each paged on `next_start_key`,
 * until the limit is reached. Each window sends its own explicit created_from/created_to.
 */
export async function listRecordings(
	this: ApiFunctions,
	api: KazooApi,
	request: ListRequest,
): Promise<{ items: IDataObject[]; requests: number }> {
	const items: IDataObject[] = [];
	const ids = new Set<unknown>();
	let requests = 0;
	for (const window of listingWindows(request.range, request.ascending)) {
		const left = request.limit === undefined ? undefined : request.limit - items.length;
		if (left !== undefined && left <= 0) break;
		const read = await readPages.call(this, api, kazooPages, {
			path: request.path,
			qs: {
				...request.qs,
				created_from: window.from,
				created_to: window.to,
				...(request.ascending ? { ascending: 'true' } : {}),
			},
			limit: left,
			subject: request.subject,
			itemIndex: request.itemIndex,
			eachPage: request.eachPage,
		});
		requests += read.requests;
		for (const item of read.items) {
			// Windows do not overlap; this only guards against a recording listed at both edges.
			if (item.id !== undefined && ids.has(item.id)) continue;
			ids.add(item.id);
			items.push(item);
		}
	}
	return { items, requests };
}

/** The node's created-after/before inputs as a Gregorian range; without a start, Kazoo's own last 31 days. */
export function rangeFromInput(createdAfter: unknown, createdBefore: unknown, timezone: string, now = DateTime.utc()): ListingRange {
	const after = optionalDateTime(createdAfter, 'Created After', timezone);
	const before = optionalDateTime(createdBefore, 'Created Before', timezone);
	if (after && before && after > before) {
		throw new InvalidInputError(
			'Created After',
			`Created After (${after.toISO()}) is later than Created Before (${before.toISO()}): no recording can match`,
		);
	}
	const to = before ? dateToGregorian(before) : toGregorianSeconds(now.toMillis());
	const from = after ? dateToGregorian(after) : to - LISTING_WINDOW_SECONDS + 1;
	return { from, to };
}

const DIRECTIONS = ['inbound', 'outbound'] as const;

/**
 * The list filters Kazoo has: direction, owner, and `filter_<field>` / `filter_not_<field>` on chosen
 * document fields (applied by Kazoo to each page it reads).
 */
export function listFilters(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	if (filters.direction !== undefined && filters.direction !== '') {
		qs.filter_direction = requireOption(filters.direction, 'Direction', DIRECTIONS);
	}
	if (filters.ownerId !== undefined && filters.ownerId !== '') {
		qs.filter_owner_id = requireKazooId(filters.ownerId, 'Owner (User ID)');
	}
	const fieldFilters = (filters.fieldFilters as IDataObject | undefined)?.filter;
	if (fieldFilters !== undefined) {
		if (!Array.isArray(fieldFilters)) {
			throw new InvalidInputError('Field Filters', `Field Filters must be a list of filters, not "${shown(fieldFilters)}"`);
		}
		for (const entry of fieldFilters as IDataObject[]) {
			const field = requireDocumentField(entry.field, 'Field Filters: Field');
			const value = optionalText(entry.value, 'Field Filters: Value') ?? '';
			const negate = entry.negate === undefined ? false : requireBoolean(entry.negate, 'Field Filters: Not Equal');
			qs[`${negate ? 'filter_not_' : 'filter_'}${field}`] = value;
		}
	}
	return qs;
}

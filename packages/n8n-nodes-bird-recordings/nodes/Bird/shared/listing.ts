import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nextPageToken } from '../../../core/cursors';
import { optionalDateTime } from '../../../core/dates';
import { InvalidInputError, optionalText, requireOption } from '../../../core/validation';
import { requireUuid } from './ids';

/** Bird's lists take `limit` 1–99: Return All reads pages of 99, a smaller Limit asks for exactly it. */
export const MAX_PAGE_SIZE = 99;

/** `nextPageToken`, absent (or `""`/`null`) on the last page. */
export const birdPages = nextPageToken(MAX_PAGE_SIZE);

export const DIRECTIONS = ['incoming', 'outgoing'] as const;

/** The list filters; `withTimes: false` leaves out Start At / End At (Delete Many sets its own period). */
export const recordingFiltersField = (show: Record<string, string[]>, withTimes = true): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { show },
	options: (
		[
		{ displayName: 'Call ID', name: 'callId', type: 'string', default: '', description: 'Only recordings of this call (UUID)' },
		{ displayName: 'Channel ID', name: 'channelId', type: 'string', default: '', description: 'Only recordings on this channel (UUID)' },
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: [
				{ name: 'Incoming', value: 'incoming' },
				{ name: 'Outgoing', value: 'outgoing' },
			],
			default: 'incoming',
		},
		{
			displayName: 'End At',
			name: 'endAt',
			type: 'dateTime',
			default: '',
			description: "Bird's endAt: end of the period to list (Bird does not document which time of a recording it compares)",
		},
		{ displayName: 'From (Number)', name: 'from', type: 'string', default: '', placeholder: '+3197004499436', description: "The caller's number" },
		{ displayName: 'Source ID', name: 'sourceId', type: 'string', default: '', description: 'Only recordings of this call or conference (UUID)' },
		{
			displayName: 'Start At',
			name: 'startAt',
			type: 'dateTime',
			default: '',
			description: "Bird's startAt: start of the period to list",
		},
		{ displayName: 'To (Number)', name: 'to', type: 'string', default: '', placeholder: '+351919150029', description: "The callee's number" },
	] as INodeProperties[]
	).filter((option) => withTimes || (option.name !== 'startAt' && option.name !== 'endAt')),
});

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The list filters Bird documents, each checked; blank ones are left out (an empty filter can mean
 * "match nothing" at Bird). Times go as RFC 3339 UTC.
 */
export function recordingFilters(filters: IDataObject, timezone: string): IDataObject {
	if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
		throw new InvalidInputError('Filters', 'Filters must be a set of filters (an object)');
	}
	const qs: IDataObject = {};
	if (present(filters.sourceId)) qs.sourceId = requireUuid(filters.sourceId, 'Source ID');
	if (present(filters.channelId)) qs.channelId = requireUuid(filters.channelId, 'Channel ID');
	if (present(filters.callId)) qs.id = requireUuid(filters.callId, 'Call ID');
	if (present(filters.direction)) qs.direction = requireOption(filters.direction, 'Direction', DIRECTIONS);
	for (const [key, field] of [['from', 'From (Number)'], ['to', 'To (Number)']] as const) {
		const number = optionalText(filters[key], field);
		if (number === undefined) continue;
		if (!/^\+?[0-9][0-9 ().-]{0,30}$/.test(number)) {
			throw new InvalidInputError(field, `${field} must be a phone number such as +3197004499436, not "${number.slice(0, 40)}"`);
		}
		qs[key] = number.replace(/[ ().-]/g, '');
	}
	const startAt = optionalDateTime(filters.startAt, 'Start At', timezone);
	const endAt = optionalDateTime(filters.endAt, 'End At', timezone);
	if (startAt && endAt && startAt > endAt) {
		throw new InvalidInputError('Start At', `Start At (${startAt.toISO()}) is later than End At (${endAt.toISO()}): no recording can match`);
	}
	if (startAt) qs.startAt = startAt.toISO();
	if (endAt) qs.endAt = endAt.toISO();
	return qs;
}

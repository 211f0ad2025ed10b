import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { optionalDateTime } from '../../../../core/dates';
import { asItems } from '../../../../core/items';
import { InvalidInputError, requireBoolean, requireLimit, requireOption, shown } from '../../../../core/validation';
import { returnAllFields } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { listNewestFirst } from '../../shared/listing';
import { simplifyField, simplifyRecording } from '../../shared/simplify';
import { microsOf } from '../../shared/times';

const show = { resource: ['recording'], operation: ['getMany'] };

export const STATUSES = ['initiating', 'recording', 'stopping', 'ended'] as const;
const REFERENCE_TYPES = ['call', 'confbridge'] as const;

export const recordingFiltersField = (showFor: Record<string, string[]>): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description: 'VoIPbin has no list filters: the node applies these to the recordings it reads, newest first',
	displayOptions: { show: showFor },
	options: [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: 'Only recordings created at or after this time; reading stops once the list is past it',
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: 'Only recordings created at or before this time; the list starts there',
		},
		{
			displayName: 'Reference ID',
			name: 'referenceId',
			type: 'string',
			default: '',
			description: 'Only recordings of this call or conference (its UUID)',
		},
		{
			displayName: 'Reference Type',
			name: 'referenceType',
			type: 'options',
			options: [
				{ name: 'Call', value: 'call' },
				{ name: 'Conference', value: 'confbridge' },
			],
			default: 'call',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			options: STATUSES.map((status) => ({ name: status[0].toUpperCase() + status.slice(1), value: status })),
			default: ['ended'],
			description: 'Only recordings in one of these states (only ended recordings have audio)',
		},
	],
});

export const getManyDescription: INodeProperties[] = [...returnAllFields(show), recordingFiltersField(show), simplifyField(show)];

export interface RecordingFilters {
	from?: number;
	to?: number;
	keep?: (recording: IDataObject) => boolean;
}

/** The Filters collection, checked, as a time range and a test of each recording. */
export function readRecordingFilters(filters: unknown, timezone: string): RecordingFilters {
	if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
		throw new InvalidInputError('Filters', `Filters must be a collection of filters, not "${shown(filters)}"`);
	}
	const values = filters as IDataObject;
	const after = optionalDateTime(values.createdAfter, 'Created After', timezone);
	const before = optionalDateTime(values.createdBefore, 'Created Before', timezone);
	if (after && before && after > before) {
		throw new InvalidInputError('Created After', `Created After (${after.toISO()}) is later than Created Before (${before.toISO()}): no recording can match`);
	}
	const tests: Array<(recording: IDataObject) => boolean> = [];
	if (values.status !== undefined && values.status !== '') {
		const list = typeof values.status === 'string' ? values.status.split(',').map((s) => s.trim()) : values.status;
		if (!Array.isArray(list) || list.length === 0) {
			throw new InvalidInputError('Status', `Status must be a list of states (${STATUSES.join(', ')}), not "${shown(values.status)}"`);
		}
		const statuses = new Set(list.map((status) => requireOption(status, 'Status', STATUSES)));
		tests.push((recording) => statuses.has(recording.status as never));
	}
	if (values.referenceType !== undefined && values.referenceType !== '') {
		const type = requireOption(values.referenceType, 'Reference Type', REFERENCE_TYPES);
		tests.push((recording) => recording.reference_type === type);
	}
	if (values.referenceId !== undefined && values.referenceId !== '') {
		const id = requireUuid(values.referenceId, 'Reference ID').toLowerCase();
		tests.push((recording) => String(recording.reference_id).toLowerCase() === id);
	}
	return {
		from: after ? microsOf(after) : undefined,
		to: before ? microsOf(before) : undefined,
		keep: tests.length ? (recording) => tests.every((test) => test(recording)) : undefined,
	};
}

export async function getManyRecordings(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number) {
	const returnAll = requireBoolean(this.getNodeParameter('returnAll', false), 'Return All');
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const timezone = this.getTimezone();
	const filters = readRecordingFilters(this.getNodeParameter('filters', {}), timezone);
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { items } = await listNewestFirst.call(this, api, {
		path: '/recordings',
		...filters,
		limit,
		subject: 'the recordings list',
		itemIndex,
	});
	return asItems(simple ? items.map((recording) => simplifyRecording(recording, timezone)) : items);
}

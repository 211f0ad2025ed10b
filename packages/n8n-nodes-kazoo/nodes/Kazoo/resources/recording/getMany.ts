import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimitFields } from '../../../../core/descriptions';
import { asItems } from '../../../../core/items';
import { requireBoolean, requireLimit, requireOption } from '../../../../core/validation';
import { listFilters, listRecordings, rangeFromInput } from '../../shared/listing';
import { recordingsPath } from '../../shared/paths';
import { simplifyField, simplifyRecording } from '../../shared/simplify';
import type { KazooApi } from '../../shared/connection';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

const show = { resource: ['recording'], operation: ['getMany'] };

export const listFiltersField = (showFor: Record<string, string[]>): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { show: showFor },
	options: [
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: [
				{ name: 'Inbound', value: 'inbound' },
				{ name: 'Outbound', value: 'outbound' },
			],
			default: 'inbound',
		},
		{
			displayName: 'Field Filters',
			name: 'fieldFilters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: "Kazoo's filter_ query on a field: keep recordings whose field equals (or does not equal) a value",
			options: [
				{
					displayName: 'Filter',
					name: 'filter',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'string',
							default: '',
							placeholder: 'caller_id_number',
							description: 'A field of the recording; a dot path reaches inside objects, such as custom_channel_vars.Call-ID',
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						{
							displayName: 'Not Equal',
							name: 'negate',
							type: 'boolean',
							default: false,
							description: 'Whether to keep the recordings whose field is not this value (filter_not_)',
						},
					],
				},
			],
		},
		{
			displayName: 'Owner (User ID)',
			name: 'ownerId',
			type: 'string',
			default: '',
			description: 'Only recordings owned by this 32-character user ID',
		},
	],
});

export const createdRangeFields = (showFor: Record<string, string[]>): INodeProperties[] => [
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description:
			'Only recordings created at or after this time. Empty: the last 31 days (what Kazoo lists by default). Any range works: the node reads it 31 days at a time.',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		default: '',
		description: 'Only recordings created at or before this time. Empty: now.',
		displayOptions: { show: showFor },
	},
];

export const getManyDescription: INodeProperties[] = [
	...returnAllAndLimitFields(show),
	...createdRangeFields(show),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'Newest First', value: 'newestFirst' },
			{ name: 'Oldest First', value: 'oldestFirst' },
		],
		default: 'newestFirst',
		description: 'Kazoo sorts by creation time only',
		displayOptions: { show },
	},
	listFiltersField(show),
	simplifyField(show),
];

export async function getManyRecordings(this: IExecuteSingleFunctions, api: KazooApi, itemIndex: number) {
	const path = recordingsPath(api, this.getNodeParameter('scope', 'account'), this.getNodeParameter('userId', ''));
	const returnAll = requireBoolean(this.getNodeParameter('returnAll', false), 'Return All');
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const timezone = this.getTimezone();
	const range = rangeFromInput(this.getNodeParameter('createdAfter', ''), this.getNodeParameter('createdBefore', ''), timezone);
	const ascending = requireOption(this.getNodeParameter('sort', 'newestFirst'), 'Sort', ['newestFirst', 'oldestFirst'] as const) === 'oldestFirst';
	const qs = listFilters(this.getNodeParameter('filters', {}) as IDataObject);
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { items } = await listRecordings.call(this, api, {
		path,
		range,
		ascending,
		qs,
		limit,
		subject: 'the recordings list',
		itemIndex,
		eachPage: simple ? (page) => page.map((recording) => simplifyRecording(recording, timezone)) : undefined,
	});
	return asItems(items);
}

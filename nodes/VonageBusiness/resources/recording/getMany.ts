import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { recordingFiltersField, returnAllAndLimitFields } from '../../shared/descriptions';
import { recordingsPath, requireScope } from '../../shared/paths';
import { listSimplifier, simplifyField, simplifyRecording } from '../../shared/simplify';
import { asItems, getAllPages, routedOperation } from '../../shared/transport';
import { recordingFilters, requireLimit, requireOption, type RecordingFilterInput } from '../../shared/validation';

const show = { resource: ['recording'], operation: ['getMany'] };

export const getManyDescription: INodeProperties[] = [
	...returnAllAndLimitFields('recording', ['getMany']),
	recordingFiltersField('recording', ['getMany']),
	simplifyField(show),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Sort By',
				name: 'field',
				type: 'options',
				options: [
					{ name: 'Start Time', value: 'start' },
					{ name: 'Duration', value: 'duration' },
				],
				default: 'start',
			},
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Newest or Longest First', value: 'DESC' },
					{ name: 'Oldest or Shortest First', value: 'ASC' },
				],
				default: 'DESC',
			},
		],
	},
];

/** The sort as the API's `order` parameter: `field:DIRECTION`. */
export function orderParameter(sort: IDataObject): string | undefined {
	if (!sort.field && !sort.direction) return undefined;
	// Checked: a value from an expression (such as `start&x=1`) would otherwise reach the query as is.
	const field = requireOption(sort.field ?? 'start', 'Sort By', ['start', 'duration']);
	const direction = requireOption(sort.direction ?? 'DESC', 'Direction', ['DESC', 'ASC']);
	return `${field}:${direction}`;
}

export const getManyRecordings = routedOperation(async function (api) {
	const scope = requireScope(this.getNodeParameter('scope'));
	const path = recordingsPath(api, scope, this.getNodeParameter('userId', 'self'));
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const qs = recordingFilters(
		this.getNodeParameter('filters', {}) as RecordingFilterInput,
		this.getTimezone(),
	);
	const order = orderParameter(this.getNodeParameter('sort', {}) as IDataObject);
	if (order) qs.order = order;
	const recordings = await getAllPages.call(this, api, {
		path,
		qs,
		limit,
		subject: 'the recordings list',
		eachPage: this.getNodeParameter('simple', true) ? listSimplifier(simplifyRecording, this.getTimezone()) : undefined,
	});
	return asItems(recordings);
});

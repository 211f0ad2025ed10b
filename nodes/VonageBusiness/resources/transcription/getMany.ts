import type { INodeProperties } from 'n8n-workflow';

import { recordingFilterOptions, returnAllAndLimitFields } from '../../shared/descriptions';
import { recordingsPath } from '../../shared/paths';
import { listSimplifier, simplifyField, simplifyTranscription } from '../../shared/simplify';
import { asItems, getAllPages, routedOperation } from '../../shared/transport';
import { recordingFilters, requireLimit, requireOption, type RecordingFilterInput } from '../../shared/validation';

export const TRANSCRIPTION_STATUSES = [
	{ name: 'Ready', value: 'ready' },
	{ name: 'Pending', value: 'pending' },
	{ name: 'Failed', value: 'failed' },
];

export const getManyDescription: INodeProperties[] = [
	...returnAllAndLimitFields('transcription', ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['transcription'], operation: ['getMany'] } },
		options: [
			...recordingFilterOptions,
			{
				displayName: 'Transcription Status',
				name: 'status',
				type: 'options',
				options: TRANSCRIPTION_STATUSES,
				default: 'ready',
			},
		],
	},
	simplifyField({ resource: ['transcription'], operation: ['getMany'] }),
];

export const getManyTranscriptions = routedOperation(async function (api) {
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const { status, ...filters } = this.getNodeParameter('filters', {}) as RecordingFilterInput & { status?: string };
	const qs = recordingFilters(filters, this.getTimezone());
	if (status) qs.status = requireOption(status, 'Transcription Status', TRANSCRIPTION_STATUSES.map((option) => option.value));
	const transcriptions = await getAllPages.call(this, api, {
		path: `${recordingsPath(api, 'company')}/transcriptions`,
		qs,
		limit,
		subject: 'the transcriptions list',
		eachPage: this.getNodeParameter('simple', true)
			? listSimplifier(simplifyTranscription, this.getTimezone())
			: undefined,
	});
	return asItems(transcriptions);
});

import type { INodeProperties } from 'n8n-workflow';

import { recordingFilterOptions } from '../../shared/descriptions';
import { recordingsPath, type RecordingScope } from '../../shared/paths';
import { routedOperation, vbcRequest } from '../../shared/transport';
import { recordingFilters, type RecordingFilterInput } from '../../shared/validation';

export const exportDescription: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Which recordings go into the export; with no filter, all of them',
		displayOptions: { show: { resource: ['recording'], operation: ['export'] } },
		options: recordingFilterOptions,
	},
];

/** Creates an export job and outputs one item per job ID the API returns. */
export const exportRecordings = routedOperation(async function (api) {
	const scope = this.getNodeParameter('scope') as RecordingScope;
	const path = `${recordingsPath(api, scope, this.getNodeParameter('userId', 'self'))}/export`;
	const body = recordingFilters(
		this.getNodeParameter('filters', {}) as RecordingFilterInput,
		this.getTimezone(),
	);
	const response = await vbcRequest.call(
		this,
		{ method: 'POST', url: `${api.baseUrl}${path}`, body },
		{ subject: 'the export' },
	);
	const jobIds = ((response.body as { job_ids?: unknown[] })?.job_ids ?? []).map(String);
	return jobIds.map((jobId) => ({ job_id: jobId, job_type: 'recordings' }));
});

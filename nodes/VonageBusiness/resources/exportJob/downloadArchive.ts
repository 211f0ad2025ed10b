import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { downloadJobArchive, getJob, requireJobId } from '../../shared/jobs';
import { routedOperation } from '../../shared/transport';
import { InvalidInputError } from '../../shared/validation';
import { jobIdField, jobListOf } from './shared';

export const downloadArchiveDescription: INodeProperties[] = [
	jobIdField(['downloadArchive'], '={{ $json.job_id ?? $json.id }}'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the ZIP archive in',
		displayOptions: { show: { resource: ['exportJob'], operation: ['downloadArchive'] } },
	},
];

/** The finished job's ZIP, streamed. The input item is used as the job when it is that job: one request. */
export const downloadArchive = routedOperation(async function (api, itemIndex) {
	const { jobType, userId } = jobListOf(this);
	const jobId = requireJobId(this.getNodeParameter('jobId'));
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', 'data')).trim();
	if (binaryPropertyName === '') {
		throw new InvalidInputError('Put Output File in Field', 'Put Output File in Field is empty: enter a field name such as data');
	}
	const input = this.getInputData().json;
	const job: IDataObject =
		input.id === jobId && typeof input.download_url === 'string'
			? input
			: await getJob.call(this, api, { jobType, userId, jobId, itemIndex });
	return [await downloadJobArchive.call(this, api, job, { binaryPropertyName, itemIndex })];
});

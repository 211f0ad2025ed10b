import type { INodeProperties } from 'n8n-workflow';

import { jobWaitTimeFields } from '../../shared/descriptions';
import { requireJobId, requireWaitTimes, waitForJob } from '../../shared/jobs';
import { routedOperation } from '../../shared/transport';
import { jobIdField, jobListOf } from './shared';

const show = { resource: ['exportJob'], operation: ['waitForCompletion'] };

export const waitForCompletionDescription: INodeProperties[] = [
	jobIdField(['waitForCompletion'], '={{ $json.job_id ?? $json.id }}'),
	...jobWaitTimeFields.map((field) => ({ ...field, displayOptions: { show } })),
];

/** Re-reads the job until it is complete (outputs it), failed, expired or timed out (each a clear error). */
export const waitForCompletion = routedOperation(async function (api, itemIndex) {
	const { jobType, userId } = jobListOf(this);
	const jobId = requireJobId(this.getNodeParameter('jobId'));
	const times = requireWaitTimes(this.getNodeParameter('pollIntervalSeconds', 10), this.getNodeParameter('timeoutSeconds', 900));
	return [{ json: await waitForJob.call(this, api, { jobType, userId, jobId, itemIndex, ...times }) }];
});

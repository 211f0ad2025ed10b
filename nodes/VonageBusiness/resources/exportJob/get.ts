import type { INodeProperties } from 'n8n-workflow';

import { getJob, requireJobId } from '../../shared/jobs';
import { routedOperation } from '../../shared/transport';
import { jobIdField, jobListOf } from './shared';

export const getDescription: INodeProperties[] = [jobIdField(['get'])];

export const getExportJob = routedOperation(async function (api, itemIndex) {
	const { jobType, userId } = jobListOf(this);
	const jobId = requireJobId(this.getNodeParameter('jobId'));
	return [{ json: await getJob.call(this, api, { jobType, userId, jobId, itemIndex }) }];
});

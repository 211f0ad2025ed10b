import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { JobType } from '../../shared/jobs';
import { requireAccountOrUserId, requireOption } from '../../shared/validation';

export const jobIdField = (operations: string[], defaultValue = ''): INodeProperties => ({
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	required: true,
	default: defaultValue,
	placeholder: 'afa725fb-d418-4eaf-b3f9-0e66396fafdc',
	description: 'The ID of the export job, as output by an Export operation',
	displayOptions: { show: { resource: ['exportJob'], operation: operations } },
});

/** Which job list, and whose: read once per item, checked before any request. */
export function jobListOf(context: IExecuteSingleFunctions): { jobType: JobType; userId: string } {
	return {
		jobType: requireOption(context.getNodeParameter('jobType'), 'Job Type', ['recordings', 'recordingsTranscriptions']) as JobType,
		userId: requireAccountOrUserId(context.getNodeParameter('userId', 'self'), 'User ID'),
	};
}

import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimitFields } from '../../shared/descriptions';
import { jobsPath } from '../../shared/jobs';
import { asItems, getAllPages, routedOperation } from '../../shared/transport';
import { requireLimit, requireOption } from '../../shared/validation';

const JOB_STATUSES = ['complete', 'expired', 'failed', 'in_progress', 'pending'];
import { jobListOf } from './shared';

export const getManyDescription: INodeProperties[] = [
	...returnAllAndLimitFields('exportJob', ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['exportJob'], operation: ['getMany'] } },
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Complete', value: 'complete' },
					{ name: 'Expired', value: 'expired' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'In Progress', value: 'in_progress' },
					{ name: 'Pending', value: 'pending' },
				],
				default: 'complete',
			},
		],
	},
];

export const getManyJobs = routedOperation(async function (api) {
	const { jobType, userId } = jobListOf(this);
	const returnAll = this.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? undefined : requireLimit(this.getNodeParameter('limit', 50));
	const { status } = this.getNodeParameter('filters', {}) as { status?: string };
	return asItems(
		await getAllPages.call(this, api, {
			path: jobsPath(api, jobType, userId),
			qs: status ? { status: requireOption(status, 'Status', JOB_STATUSES) } : {},
			// The job lists declare no page_size: the server's own page size is used.
			pageSizeParameter: false,
			limit,
			subject: 'the export jobs list',
		}),
	);
});

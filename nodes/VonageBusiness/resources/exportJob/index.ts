import type { INodeProperties } from 'n8n-workflow';

import { downloadArchive, downloadArchiveDescription } from './downloadArchive';
import { getDescription, getExportJob } from './get';
import { getManyDescription, getManyJobs } from './getMany';
import { waitForCompletion, waitForCompletionDescription } from './waitForCompletion';

const show = { resource: ['exportJob'] };

export const exportJobDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [
			{
				name: 'Download Archive',
				value: 'downloadArchive',
				action: 'Download the archive of an export job',
				description: "Download a finished job's ZIP archive as binary data",
				routing: { send: { paginate: true }, operations: { pagination: downloadArchive } },
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an export job',
				routing: { send: { paginate: true }, operations: { pagination: getExportJob } },
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many export jobs',
				routing: { send: { paginate: true }, operations: { pagination: getManyJobs } },
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for an export job to finish',
				description: 'Re-read a job until it is complete, failed or expired',
				routing: { send: { paginate: true }, operations: { pagination: waitForCompletion } },
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Job Type',
		name: 'jobType',
		type: 'options',
		options: [
			{ name: 'Recordings', value: 'recordings' },
			{ name: 'Recordings + Transcriptions', value: 'recordingsTranscriptions' },
		],
		default: 'recordings',
		description: 'Which kind of export: each kind has its own job list',
		displayOptions: { show },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: 'self',
		description: "Whose export jobs: 'self' for the connected user, or a numeric user ID",
		displayOptions: { show },
	},
	...getManyDescription,
	...getDescription,
	...downloadArchiveDescription,
	...waitForCompletionDescription,
];

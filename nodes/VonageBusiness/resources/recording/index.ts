import type { INodeProperties } from 'n8n-workflow';

import { scopeFields } from '../../shared/descriptions';
import { deleteDescription, deleteRecording } from './delete';
import { deleteManyDescription, deleteManyRecordings } from './deleteMany';
import { downloadDescription } from './download';
import { exportDescription, exportRecordings } from './export';
import { getDescription, getRecording } from './get';
import { getManyDescription, getManyRecordings } from './getMany';

export { downloadRecording } from './download';

export const recordingDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['recording'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a recording',
				description: 'Delete a recording for good',
				routing: { request: { method: 'DELETE' }, send: { paginate: true }, operations: { pagination: deleteRecording } },
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				action: 'Delete many recordings',
				description: 'Delete the recordings that match filters, such as older than N days (retention clean-up)',
				routing: { request: { method: 'DELETE' }, send: { paginate: true }, operations: { pagination: deleteManyRecordings } },
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download the audio of a recording',
				description: 'Download the audio (MP3) of a recording as binary data',
			},
			{
				name: 'Export',
				value: 'export',
				action: 'Export recordings',
				description: 'Create an export job for the recordings that match filters',
				routing: { request: { method: 'POST' }, send: { paginate: true }, operations: { pagination: exportRecordings } },
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a recording',
				description: 'Get a recording by ID',
				routing: { request: { method: 'GET' }, send: { paginate: true }, operations: { pagination: getRecording } },
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many recordings',
				description: 'List recordings, with filters',
				routing: { request: { method: 'GET' }, send: { paginate: true }, operations: { pagination: getManyRecordings } },
			},
		],
		default: 'getMany',
	},
	...scopeFields('recording', ['delete', 'deleteMany', 'download', 'export', 'get', 'getMany']),
	...getManyDescription,
	...getDescription,
	...deleteDescription,
	...deleteManyDescription,
	...exportDescription,
	...downloadDescription,
];

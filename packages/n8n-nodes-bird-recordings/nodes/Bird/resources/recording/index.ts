import type { INodeProperties } from 'n8n-workflow';

import { codeRouting } from '../../../../core/items';
import { getBirdApi } from '../../shared/connection';
import { deleteDescription, deleteRecording } from './delete';
import { deleteManyDescription, deleteManyRecordings } from './deleteMany';
import { downloadDescription } from './download';
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
				description: 'Delete the media of a recording',
				routing: codeRouting('DELETE', getBirdApi, deleteRecording),
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				action: 'Delete many recordings',
				description: 'Delete the recordings older than N days that match filters (retention clean-up), with a dry run first',
				routing: codeRouting('DELETE', getBirdApi, deleteManyRecordings),
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download the audio of a recording',
				description: 'Download the MP3 of a recording as binary data',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a recording',
				description: 'Get a recording by ID',
				routing: codeRouting('GET', getBirdApi, getRecording),
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many recordings',
				description: 'List the recordings of the workspace, with filters',
				routing: codeRouting('GET', getBirdApi, getManyRecordings),
			},
		],
		default: 'getMany',
	},
	...getManyDescription,
	...getDescription,
	...downloadDescription,
	...deleteDescription,
	...deleteManyDescription,
];

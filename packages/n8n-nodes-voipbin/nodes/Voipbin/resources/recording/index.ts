import type { INodeProperties } from 'n8n-workflow';

import { codeRouting } from '../../../../core/items';
import { getVoipbinApi } from '../../shared/connection';
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
				description: 'Delete a recording and its files',
				routing: codeRouting('DELETE', getVoipbinApi, deleteRecording),
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				action: 'Delete many recordings',
				description: 'Delete the recordings older than N days that match filters (retention clean-up), with a dry run first',
				routing: codeRouting('DELETE', getVoipbinApi, deleteManyRecordings),
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download the audio of a recording',
				description: 'Download the audio of an ended recording (a ZIP of both sides, or one WAV) as binary data',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a recording',
				description: 'Get a recording by ID',
				routing: codeRouting('GET', getVoipbinApi, getRecording),
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many recordings',
				description: 'List recordings newest first, with filters the node applies',
				routing: codeRouting('GET', getVoipbinApi, getManyRecordings),
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

import type { INodeProperties } from 'n8n-workflow';

import { codeRouting } from '../../../../core/items';
import { getKazooApi } from '../../shared/connection';
import { scopeFields } from '../../shared/descriptions';
import { deleteDescription, deleteRecording } from './delete';
import { deleteManyDescription, deleteManyRecordings } from './deleteMany';
import { downloadDescription } from './download';
import { getDescription, getRecording } from './get';
import { getManyDescription, getManyRecordings } from './getMany';
import { updateMetadataDescription, updateRecordingMetadata } from './updateMetadata';

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
				description: 'Delete a recording (Kazoo keeps audio that lives on an external storage provider)',
				routing: codeRouting('DELETE', getKazooApi, deleteRecording),
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				action: 'Delete many recordings',
				description: 'Delete the recordings older than N days that match filters (retention clean-up), with a dry run first',
				routing: codeRouting('DELETE', getKazooApi, deleteManyRecordings),
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download the audio of a recording',
				description: 'Download the audio of a recording as binary data',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a recording',
				description: 'Get a recording by ID',
				routing: codeRouting('GET', getKazooApi, getRecording),
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many recordings',
				description: 'List recordings created in a time range, with filters',
				routing: codeRouting('GET', getKazooApi, getManyRecordings),
			},
			{
				name: 'Update Metadata',
				value: 'updateMetadata',
				action: 'Update the metadata of a recording',
				description: "Merge JSON into a recording's user_metadata (hosted Kazoo 5.x only)",
				routing: codeRouting('PATCH', getKazooApi, updateRecordingMetadata),
			},
		],
		default: 'getMany',
	},
	...scopeFields({ resource: ['recording'], operation: ['getMany'] }),
	...getManyDescription,
	...getDescription,
	...downloadDescription,
	...updateMetadataDescription,
	...deleteDescription,
	...deleteManyDescription,
];

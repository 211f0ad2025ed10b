import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import type { KazooApi } from '../../shared/connection';
import { recordingIdField } from '../../shared/descriptions';
import { requireRecordingId } from '../../shared/ids';
import { recordingPath } from '../../shared/paths';

const show = { resource: ['recording'], operation: ['delete'] };

export const deleteDescription: INodeProperties[] = [recordingIdField(show)];

/** Kazoo deletes softly: the recording leaves every list and answers 404 afterwards. */
export async function deleteRecording(this: IExecuteSingleFunctions, api: KazooApi, itemIndex: number) {
	const recordingId = requireRecordingId(this.getNodeParameter('recordingId'));
	await apiRequest.call(
		this,
		api,
		{ method: 'DELETE', url: recordingPath(api, recordingId) },
		{ subject: `recording ${recordingId}`, itemIndex },
	);
	return [{ json: { id: recordingId, deleted: true } }];
}

import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import type { BirdApi } from '../../shared/connection';
import { recordingIdField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { recordingPath } from '../../shared/paths';

const show = { resource: ['recording'], operation: ['delete'] };

export const deleteDescription: INodeProperties[] = [recordingIdField(show)];

/** Bird answers 204 and the recording's media is gone (GET answers 404 afterwards). */
export async function deleteRecording(this: IExecuteSingleFunctions, api: BirdApi, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	await apiRequest.call(
		this,
		api,
		{ method: 'DELETE', url: recordingPath(api, recordingId) },
		{ subject: `recording ${recordingId}`, itemIndex },
	);
	return [{ json: { id: recordingId, deleted: true } }];
}

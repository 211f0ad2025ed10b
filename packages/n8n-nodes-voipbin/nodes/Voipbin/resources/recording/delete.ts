import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { apiRequest } from '../../../../core/request';
import { requireBoolean } from '../../../../core/validation';
import { recordingIdField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { simplifyField, simplifyRecording } from '../../shared/simplify';
import { recordingPath } from './get';

const show = { resource: ['recording'], operation: ['delete'] };

export const deleteDescription: INodeProperties[] = [recordingIdField(show), simplifyField(show)];

/** VoIPbin answers 200 with the deleted recording (now with tm_delete); its files go asynchronously. */
export async function deleteRecording(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(this, api, { method: 'DELETE', url: recordingPath(recordingId) }, { subject: `recording ${recordingId}`, itemIndex });
	const deleted = body && typeof body === 'object' ? (body as IDataObject) : { id: recordingId };
	return [{ json: { ...(simple ? simplifyRecording(deleted, this.getTimezone()) : deleted), deleted: true } }];
}

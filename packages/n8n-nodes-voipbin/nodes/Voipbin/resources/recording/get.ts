import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import type { ApiConnection } from '../../../../core/api';
import { apiRequest } from '../../../../core/request';
import { requireBoolean } from '../../../../core/validation';
import { recordingIdField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { simplifyField, simplifyRecording } from '../../shared/simplify';

const show = { resource: ['recording'], operation: ['get'] };

export const getDescription: INodeProperties[] = [recordingIdField(show), simplifyField(show)];

export const recordingPath = (id: string) => `/recordings/${id}`;

export async function getRecording(this: IExecuteSingleFunctions, api: ApiConnection, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(this, api, { method: 'GET', url: recordingPath(recordingId) }, { subject: `recording ${recordingId}`, itemIndex });
	const recording = (body ?? {}) as IDataObject;
	return [{ json: simple ? simplifyRecording(recording, this.getTimezone()) : recording }];
}

import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import { requireBoolean } from '../../../../core/validation';
import type { BirdApi } from '../../shared/connection';
import { recordingIdField, simplifyField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { recordingPath } from '../../shared/paths';
import { simplifyRecording } from '../../shared/simplify';

const show = { resource: ['recording'], operation: ['get'] };

export const getDescription: INodeProperties[] = [recordingIdField(show), simplifyField(show)];

export async function getRecording(this: IExecuteSingleFunctions, api: BirdApi, itemIndex: number) {
	const recordingId = requireUuid(this.getNodeParameter('recordingId'), 'Recording ID');
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(
		this,
		api,
		{ method: 'GET', url: recordingPath(api, recordingId) },
		{ subject: `recording ${recordingId}`, itemIndex },
	);
	const recording = body as IDataObject;
	return [{ json: simple ? simplifyRecording(recording, this.getTimezone()) : recording }];
}

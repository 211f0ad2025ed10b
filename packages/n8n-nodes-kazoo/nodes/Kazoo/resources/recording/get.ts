import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import { requireBoolean } from '../../../../core/validation';
import type { KazooApi } from '../../shared/connection';
import { recordingIdField } from '../../shared/descriptions';
import { requireRecordingId } from '../../shared/ids';
import { recordingPath } from '../../shared/paths';
import { simplifyField, simplifyRecording } from '../../shared/simplify';

const show = { resource: ['recording'], operation: ['get'] };

export const getDescription: INodeProperties[] = [recordingIdField(show), simplifyField(show)];

/** The `data` of Kazoo's envelope: the envelope itself also carries the auth token, so it never reaches the output. */
export const envelopeData = (body: unknown): IDataObject => ((body as IDataObject | undefined)?.data ?? {}) as IDataObject;

export async function getRecording(this: IExecuteSingleFunctions, api: KazooApi, itemIndex: number) {
	const recordingId = requireRecordingId(this.getNodeParameter('recordingId'));
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(
		this,
		api,
		{ method: 'GET', url: recordingPath(api, recordingId) },
		{ subject: `recording ${recordingId}`, itemIndex },
	);
	const recording = envelopeData(body);
	return [{ json: simple ? simplifyRecording(recording, this.getTimezone()) : recording }];
}

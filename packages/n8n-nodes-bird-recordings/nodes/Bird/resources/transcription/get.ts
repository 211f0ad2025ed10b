import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import { requireBoolean } from '../../../../core/validation';
import type { BirdApi } from '../../shared/connection';
import { idField, simplifyField } from '../../shared/descriptions';
import { requireUuid } from '../../shared/ids';
import { transcriptionPath } from '../../shared/paths';
import { simplifyTranscription } from '../../shared/simplify';

const show = { resource: ['transcription'], operation: ['get'] };

export const transcriptionIdField = (showFor: Record<string, string[]>) =>
	idField('transcriptionId', 'Transcription ID', showFor, 'The ID of the transcription, as Create or Get Many return it');

export const getDescription: INodeProperties[] = [transcriptionIdField(show), simplifyField(show)];

export async function getTranscription(this: IExecuteSingleFunctions, api: BirdApi, itemIndex: number) {
	const transcriptionId = requireUuid(this.getNodeParameter('transcriptionId'), 'Transcription ID');
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const { body } = await apiRequest.call(
		this,
		api,
		{ method: 'GET', url: transcriptionPath(api, transcriptionId) },
		{ subject: `transcription ${transcriptionId}`, itemIndex },
	);
	const transcription = body as IDataObject;
	return [{ json: simple ? simplifyTranscription(transcription, this.getTimezone()) : transcription }];
}

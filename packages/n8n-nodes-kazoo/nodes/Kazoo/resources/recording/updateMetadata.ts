import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeApiError } from 'n8n-workflow';

import { apiRequest } from '../../../../core/request';
import { InvalidInputError, requireBoolean, shown } from '../../../../core/validation';
import type { KazooApi } from '../../shared/connection';
import { recordingIdField } from '../../shared/descriptions';
import { requireRecordingId } from '../../shared/ids';
import { recordingPath } from '../../shared/paths';
import { simplifyField, simplifyRecording } from '../../shared/simplify';
import { PATCH_NOT_SUPPORTED } from '../../shared/wording';
import { envelopeData } from './get';

const show = { resource: ['recording'], operation: ['updateMetadata'] };

export const updateMetadataDescription: INodeProperties[] = [
	{
		displayName:
			'Only hosted Kazoo 5.x can change recordings. Open-source Kazoo 4.x clusters refuse it (HTTP 405).',
		name: 'updateMetadataNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	recordingIdField(show),
	{
		displayName: 'User Metadata (JSON)',
		name: 'userMetadata',
		type: 'json',
		default: '{\n  "tags": { "important": 1 }\n}',
		required: true,
		description: "Merged into the recording's user_metadata: nested objects merge, and a key set to null is removed",
		displayOptions: { show },
	},
	simplifyField(show),
];

const INVALID_JSON = Symbol('invalid JSON');

function metadataObject(value: unknown): IDataObject {
	const parsed = typeof value === 'string' ? jsonParse<unknown>(value, { fallbackValue: INVALID_JSON }) : value;
	if (parsed === INVALID_JSON) {
		throw new InvalidInputError('User Metadata (JSON)', `User Metadata (JSON) is not valid JSON: "${shown(value)}"`);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new InvalidInputError('User Metadata (JSON)', `User Metadata (JSON) must be a JSON object, such as {"tags": {"important": 1}}, not "${shown(parsed)}"`);
	}
	return parsed as IDataObject;
}

export async function updateRecordingMetadata(this: IExecuteSingleFunctions, api: KazooApi, itemIndex: number) {
	const recordingId = requireRecordingId(this.getNodeParameter('recordingId'));
	const userMetadata = metadataObject(this.getNodeParameter('userMetadata'));
	const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
	const answer = await apiRequest
		.call(
			this,
			api,
			{ method: 'PATCH', url: recordingPath(api, recordingId), body: { data: { user_metadata: userMetadata } } },
			{ subject: `recording ${recordingId}`, itemIndex },
		)
		.catch((error: unknown) => ({ error }));
	if ('error' in answer) {
		const { error } = answer;
		if (error instanceof NodeApiError && error.httpCode === '405') {
			// Open-source Kazoo has no PATCH on recordings: say so, not just "method not allowed".
			error.message = PATCH_NOT_SUPPORTED;
			error.description =
				'Keep your own metadata elsewhere (a data table, a spreadsheet) keyed by the recording ID, or move to hosted Kazoo 5.x.';
		}
		throw error;
	}
	const recording = envelopeData(answer.body);
	return [{ json: simple ? simplifyRecording(recording, this.getTimezone()) : recording }];
}

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { requestOptionsField as coreRequestOptionsField, simplifyField as coreSimplifyField } from '../../../core/descriptions';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS, DEFAULT_TIMEOUT_SECONDS } from './connection';

export const idField = (
	name: string,
	displayName: string,
	show: Record<string, string[]>,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	placeholder: '5b74ee9e-9d45-473a-82cd-f1f7feea6bbd',
	description,
	displayOptions: { show },
});

export const recordingIdField = (show: Record<string, string[]>) =>
	idField('recordingId', 'Recording ID', show, 'The ID of the recording, as in the ID field of Get Many results');

export const binaryFieldName = (show: Record<string, string[]>, hint: string): INodeProperties => ({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint,
	displayOptions: { show },
});

export const simplifyField = (show: IDataObject): INodeProperties =>
	coreSimplifyField(show as Parameters<typeof coreSimplifyField>[0], "Simplified dates are in the workflow's time zone; unset times are left out");

export const requestOptionsField = coreRequestOptionsField({
	maxWaitSeconds: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
	timeoutDescription: 'How long to wait for an answer to one request (downloads get at least 10 minutes)',
	maxWaitDescription:
		'How long to keep retrying, in total, when Bird answers 429 (as long as its Retry-After asks, or backing off). 0 fails at once.',
});

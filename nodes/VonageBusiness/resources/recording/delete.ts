import type { INodeProperties } from 'n8n-workflow';

import { recordingIdField } from '../../shared/descriptions';
import { recordingPath, requireScope } from '../../shared/paths';
import { routedOperation, vbcRequest } from '../../shared/transport';
import { requireRecordingId } from '../../shared/validation';

export const deleteDescription: INodeProperties[] = [recordingIdField('recording', ['delete'])];

export const deleteRecording = routedOperation(async function (api) {
	const recordingId = requireRecordingId(this.getNodeParameter('recordingId'));
	const path = recordingPath(
		api,
		requireScope(this.getNodeParameter('scope')),
		this.getNodeParameter('userId', 'self'),
		recordingId,
	);
	await vbcRequest.call(
		this,
		api,
		{ method: 'DELETE', url: path },
		{ subject: `recording ${recordingId}` },
	);
	return [{ json: { id: Number(recordingId), deleted: true } }];
});

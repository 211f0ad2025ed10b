import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { recordingIdField } from '../../shared/descriptions';
import { recordingPath, requireScope } from '../../shared/paths';
import { simplifyAll, simplifyField, simplifyRecording } from '../../shared/simplify';
import { asItems, routedOperation, vbcRequest } from '../../shared/transport';

export const getDescription: INodeProperties[] = [
	recordingIdField('recording', ['get']),
	simplifyField({ resource: ['recording'], operation: ['get'] }),
];

export const getRecording = routedOperation(async function (api) {
	const recordingId = this.getNodeParameter('recordingId') as string;
	const path = recordingPath(
		api,
		requireScope(this.getNodeParameter('scope')),
		this.getNodeParameter('userId', 'self'),
		recordingId,
	);
	const { body } = await vbcRequest.call(
		this,
		api,
		{ method: 'GET', url: path },
		{ subject: `recording ${recordingId}` },
	);
	const recording = body as IDataObject;
	if (!this.getNodeParameter('simple', true)) return [{ json: recording }];
	return asItems(simplifyAll([recording], simplifyRecording, this.getTimezone()));
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { exportOptionsField, recordingFiltersField } from '../../shared/descriptions';
import { createExport, exportWaitOptions } from '../../shared/jobs';
import { recordingsPath, requireScope } from '../../shared/paths';
import { routedOperation } from '../../shared/transport';
import { recordingFilters, requireAccountOrUserId, type RecordingFilterInput } from '../../shared/validation';

export const exportDescription: INodeProperties[] = [
	recordingFiltersField('recording', ['export'], { description: 'Which recordings go into the export; with no filter, all of them' }),
	exportOptionsField('recording'),
];

/** Creates an export job; outputs one item per job ID, or each job's archive when asked to wait. */
export const exportRecordings = routedOperation(async function (api, itemIndex) {
	const scope = requireScope(this.getNodeParameter('scope'));
	const userId = scope === 'onDemand' ? requireAccountOrUserId(this.getNodeParameter('userId', 'self'), 'User ID') : 'self';
	const body = recordingFilters(this.getNodeParameter('filters', {}) as RecordingFilterInput, this.getTimezone());
	const wait = exportWaitOptions(this.getNodeParameter('exportOptions', {}) as IDataObject);
	return await createExport.call(this, api, {
		path: `${recordingsPath(api, scope, userId)}/export`,
		body,
		jobType: 'recordings',
		jobUserId: userId,
		wait,
		itemIndex,
	});
});

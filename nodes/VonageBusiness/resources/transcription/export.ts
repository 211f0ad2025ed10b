import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { exportOptionsField, recordingFiltersField } from '../../shared/descriptions';
import { createExport, exportWaitOptions } from '../../shared/jobs';
import { recordingsPath } from '../../shared/paths';
import { routedOperation } from '../../shared/transport';
import { recordingFilters, type RecordingFilterInput } from '../../shared/validation';

export const exportDescription: INodeProperties[] = [
	recordingFiltersField('transcription', ['export'], { description: 'Which company recordings (with their transcripts) go into the export; with no filter, all of them' }),
	exportOptionsField('transcription'),
];

/** A company recordings + transcriptions export job. */
export const exportRecordingsWithTranscriptions = routedOperation(async function (api, itemIndex) {
	const body = recordingFilters(this.getNodeParameter('filters', {}) as RecordingFilterInput, this.getTimezone());
	const wait = exportWaitOptions(this.getNodeParameter('exportOptions', {}) as IDataObject);
	return await createExport.call(this, api, {
		path: `${recordingsPath(api, 'company')}/recordings_transcriptions/export`,
		body,
		jobType: 'recordingsTranscriptions',
		jobUserId: 'self',
		wait,
		itemIndex,
	});
});

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readTriggerOptions, type TriggerOptions } from '../../../core/triggerOptions';

const newRecording = { '/event': ['newRecording'] };

export const triggerOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Attach Audio',
			name: 'attachAudio',
			type: 'boolean',
			default: false,
			description: "Whether to attach each recording's MP3 as binary data (one more API request per recording)",
			displayOptions: { show: newRecording },
		},
		{
			displayName: 'Include Items From the Last N Hours',
			name: 'catchUpHours',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'On the first poll after activation, also emit what became available in this many hours before it. 0 emits only what is new from now on.',
		},
		{
			displayName: 'Look-Back Window (Hours)',
			name: 'lookBackHours',
			type: 'number',
			typeOptions: { minValue: 0.1 },
			default: 6,
			description:
				'How far back, in creation time, each poll looks for items that became available late. Must be longer than your longest call plus Bird’s processing time.',
		},
		{
			displayName: 'Max Items per Poll',
			name: 'maxItemsPerPoll',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description: 'At most this many items per poll, oldest first; the rest follow on the next polls',
		},
		{
			displayName: 'Put Audio in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			displayOptions: { show: { ...newRecording, attachAudio: [true] } },
		},
		{
			displayName: 'Wait for Audio (Minutes)',
			name: 'waitForAudioMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'With Attach Audio, a recording whose audio cannot be read yet is tried again on the next polls for up to this long, then emitted without it (with audioError). Other recordings are not held up.',
			displayOptions: { show: { ...newRecording, attachAudio: [true] } },
		},
	],
};

/** The trigger's options, checked before any request (the field names are the ones above). */
export const readBirdTriggerOptions = (options: IDataObject): TriggerOptions =>
	readTriggerOptions(options, { defaultWindowHours: 6, maxWindowHours: 24 * 31, catchUpLabel: 'Include Items From the Last N Hours' });

import type { IDataObject } from 'n8n-workflow';

import { triggerOptionsCollection } from '../../../core/descriptions';
import { readTriggerOptions, type TriggerOptions } from '../../../core/triggerOptions';

const CATCH_UP_LABEL = 'Include Items From the Last N Hours';
const DEFAULT_WINDOW_HOURS = 6;

export const triggerOptionsField = triggerOptionsCollection({
	catchUpLabel: CATCH_UP_LABEL,
	catchUpDescription:
		'On the first poll after activation, also emit what became available in this many hours before it. 0 emits only what is new from now on.',
	defaultWindowHours: DEFAULT_WINDOW_HOURS,
	windowDescription:
		'How far back, in creation time, each poll looks for items that became available late. Must be longer than your longest call plus Bird’s processing time.',
	waitForAudioDescription:
		'With Attach Audio, a recording whose audio cannot be read yet is tried again on the next polls for up to this long, then emitted without it (with audioError). Other recordings are not held up.',
	attachShow: { '/event': ['newRecording'] },
});

/** The trigger's options, checked before any request (the field names are the ones above). */
export const readBirdTriggerOptions = (options: IDataObject): TriggerOptions =>
	readTriggerOptions(options, { defaultWindowHours: DEFAULT_WINDOW_HOURS, maxWindowHours: 24 * 31, catchUpLabel: CATCH_UP_LABEL });

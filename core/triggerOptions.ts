import type { IDataObject } from 'n8n-workflow';

import {
	InvalidInputError,
	nonNegativeAmount,
	positiveAmount,
	requireBinaryFieldName,
	requireBoolean,
	requireWholeNumber,
} from './validation';

const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** A polling trigger's options, as `readTriggerOptions` checks them. */
export interface TriggerOptions {
	attachAudio: boolean;
	binaryPropertyName: string;
	catchUpMs: number;
	windowMs: number;
	maxItems: number;
	waitForAudioMs: number;
}

/**
 * The options every recordings trigger has (Look-Back Window, catch-up, Max Items per Poll, Attach
 * Audio and how long to wait for it), checked before any request. Labels and defaults are the
 * package's: the field names in messages must be the ones its editor shows.
 */
export function readTriggerOptions(
	options: IDataObject,
	settings: { defaultWindowHours: number; maxWindowHours: number; catchUpLabel: string },
): TriggerOptions {
	const windowMs =
		positiveAmount(options.lookBackHours ?? settings.defaultWindowHours, 'Look-Back Window (Hours)', 'hours', settings.maxWindowHours) * HOUR_MS;
	const catchUpMs = (nonNegativeAmount(options.catchUpHours ?? 0, settings.catchUpLabel, 'hours', settings.maxWindowHours) ?? 0) * HOUR_MS;
	const maxItems = requireWholeNumber(options.maxItemsPerPoll ?? 100, 'Max Items per Poll', 1, 10_000);
	const attachAudio = requireBoolean(options.attachAudio ?? false, 'Attach Audio');
	const waitForAudioMs = (nonNegativeAmount(options.waitForAudioMinutes ?? 10, 'Wait for Audio (Minutes)', 'minutes', 24 * 60) ?? 0) * MINUTE_MS;
	if (attachAudio && waitForAudioMs * 2 >= windowMs) {
		throw new InvalidInputError(
			'Look-Back Window (Hours)',
			'Look-Back Window (Hours) must be more than twice Wait for Audio (Minutes), so a recording held back for its audio is still in the window when it is tried again',
		);
	}
	return {
		attachAudio,
		binaryPropertyName: attachAudio ? requireBinaryFieldName(options.binaryPropertyName ?? 'data', 'Put Audio in Field') : 'data',
		catchUpMs,
		windowMs,
		maxItems,
		waitForAudioMs,
	};
}

'use strict';
// Enumerations as docs.bird.com's Voice OpenAPI lists them (each with its page).

/** SupportedLocales, https://docs.bird.com/api/voice-api/transcriptions-api/initiate-a-transcription */
const SUPPORTED_LOCALES = [
	'ar-AE', 'ar-SA', 'cmn-CN', 'cy-GB', 'da-DK', 'de-CH', 'de-DE', 'el-GR', 'en-AU', 'en-GB', 'en-GB-WLS',
	'en-IE', 'en-IN', 'en-NZ', 'en-US', 'en-ZA', 'es-ES', 'es-MX', 'es-US', 'fr-CA', 'fr-FR', 'he-IL', 'hi-IN',
	'id-ID', 'is-IS', 'it-IT', 'ja-JP', 'ko-KR', 'ms-MY', 'nb-NO', 'nl-NL', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO',
	'ru-RU', 'sv-SE', 'ta-IN', 'te-IN', 'th-TH', 'tr-TR', 'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW', 'arb', 'af-ZA',
	'bn-IN', 'ca-ES', 'cmn-TW', 'cs-CZ', 'fi-FI', 'fil-PH', 'gu-IN', 'hu-HU', 'kn-IN', 'lt-LT', 'lv-LV', 'ml-IN',
	'mr-IN', 'pa-IN', 'sk-SK', 'sr-RS', 'uk-UA', 'yue-HK', 'no-NO',
];

/**
 * The Recording enum itself is not in the captured pages; this is the call-recording enum of the same
 * service (https://docs.bird.com/api/voice-api/voice-calls-api/get-a-call-recording), research §2.2.
 */
const RECORDING_STATUSES = ['accepted', 'ongoing', 'paused', 'completed', 'available', 'absent', 'failed'];

/** TranscriptionStatus (docs.messagebird.com copy of initiate-a-transcription). */
const TRANSCRIPTION_STATUSES = ['accepted', 'ongoing', 'available', 'absent', 'failed'];

/** RecordingDirection. */
const DIRECTIONS = ['incoming', 'outgoing'];

/** Go's zero time, which the Voice API prints for a time it has not set (get-a-call-recording example). */
const ZERO_TIME = '0001-01-01T00:00:00Z';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

module.exports = { SUPPORTED_LOCALES, RECORDING_STATUSES, TRANSCRIPTION_STATUSES, DIRECTIONS, ZERO_TIME, UUID, RFC3339 };

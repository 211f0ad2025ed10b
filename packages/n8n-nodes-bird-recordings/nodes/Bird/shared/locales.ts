/**
 * The locales Bird transcribes (SupportedLocales of "Initiate a transcription",
 * https://docs.bird.com/api/voice-api/transcriptions-api/initiate-a-transcription), in Bird's order.
 */
export const TRANSCRIPTION_LOCALES = [
	'ar-AE', 'ar-SA', 'cmn-CN', 'cy-GB', 'da-DK', 'de-CH', 'de-DE', 'el-GR', 'en-AU', 'en-GB', 'en-GB-WLS',
	'en-IE', 'en-IN', 'en-NZ', 'en-US', 'en-ZA', 'es-ES', 'es-MX', 'es-US', 'fr-CA', 'fr-FR', 'he-IL', 'hi-IN',
	'id-ID', 'is-IS', 'it-IT', 'ja-JP', 'ko-KR', 'ms-MY', 'nb-NO', 'nl-NL', 'pl-PL', 'pt-BR', 'pt-PT', 'ro-RO',
	'ru-RU', 'sv-SE', 'ta-IN', 'te-IN', 'th-TH', 'tr-TR', 'vi-VN', 'zh-CN', 'zh-HK', 'zh-TW', 'arb', 'af-ZA',
	'bn-IN', 'ca-ES', 'cmn-TW', 'cs-CZ', 'fi-FI', 'fil-PH', 'gu-IN', 'hu-HU', 'kn-IN', 'lt-LT', 'lv-LV', 'ml-IN',
	'mr-IN', 'pa-IN', 'sk-SK', 'sr-RS', 'uk-UA', 'yue-HK', 'no-NO',
] as const;

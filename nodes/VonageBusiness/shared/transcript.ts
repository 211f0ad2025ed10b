import type { IDataObject } from 'n8n-workflow';

/**
 * Reads a transcript body. VBC documents neither its JSON nor where the segments are, so this reads the
 * shapes speech-to-text services commonly produce: segments under `segments`, `utterances`, `results`,
 * `transcripts` and similar keys (also one level down, as in `{ results: { transcripts: [...] } }`), each
 * segment's text under `text`, `transcript`, `content`, … or in its first alternative or its words, and a
 * whole text under `text`, `transcript` or `transcription`. When none of these gives any text, `textFound`
 * is false, so that the caller keeps the raw content and says so.
 */
export interface ParsedTranscript {
	format: 'json' | 'text';
	text: string;
	textFound: boolean;
	/** The segments as VBC sent them; [] when there are none. */
	segments: IDataObject[];
	speakers: string[];
	language: string | null;
	/** The parsed JSON document (format json only). */
	document?: unknown;
}

const WHOLE_TEXT_KEYS = ['text', 'transcript', 'transcription', 'full_text', 'fullText'];
const SEGMENT_TEXT_KEYS = ['text', 'transcript', 'content', 'sentence', 'utterance', 'value'];
const WORD_TEXT_KEYS = ['punctuated_word', 'word', 'text', 'content', 'value'];
const SEGMENT_LIST_KEYS = [
	'segments',
	'utterances',
	'results',
	'transcripts',
	'transcript',
	'transcription',
	'sentences',
	'phrases',
	'monologues',
	'paragraphs',
	'entries',
	'lines',
	'items',
	'channels',
	'data',
];
const SPEAKER_KEYS = ['speaker', 'speaker_label', 'speakerLabel', 'speaker_name', 'speakerName', 'participant', 'role', 'channel', 'channelTag', 'channel_tag'];
const LANGUAGE_KEYS = ['language', 'language_code', 'languageCode', 'locale'];
/** How deep to look for a segment list or a whole text under an object (`{ results: { transcripts } }`). */
const MAX_DEPTH = 2;

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function firstString(object: IDataObject, keys: string[]): string | undefined {
	for (const key of keys) if (typeof object[key] === 'string') return object[key] as string;
	return undefined;
}

/** A segment's own text: a text field, its first alternative's, or its words joined. */
function segmentText(segment: IDataObject): string | undefined {
	const own = firstString(segment, SEGMENT_TEXT_KEYS);
	if (own !== undefined) return own;
	const alternatives = segment.alternatives;
	if (Array.isArray(alternatives) && isObject(alternatives[0])) return segmentText(alternatives[0]);
	const words = segment.words;
	if (Array.isArray(words) && words.length > 0 && words.every(isObject)) {
		const texts = words.map((word) => firstString(word, WORD_TEXT_KEYS));
		if (texts.every((text) => text !== undefined)) return texts.join(' ');
	}
	return undefined;
}

function speakerOf(segment: IDataObject): string | undefined {
	for (const key of SPEAKER_KEYS) {
		const value = segment[key];
		if (typeof value === 'string' && value !== '') return value;
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

function isSegmentList(value: unknown): value is IDataObject[] {
	return Array.isArray(value) && value.length > 0 && value.every(isObject) && value.some((s: IDataObject) => segmentText(s) !== undefined);
}

function findSegments(document: IDataObject, depth = 0): IDataObject[] | undefined {
	for (const key of SEGMENT_LIST_KEYS) {
		const value: unknown = document[key];
		if (isSegmentList(value)) return value;
	}
	if (depth >= MAX_DEPTH) return undefined;
	for (const key of SEGMENT_LIST_KEYS) {
		const value = document[key];
		if (isObject(value)) {
			const found = findSegments(value, depth + 1);
			if (found) return found;
		}
	}
	return undefined;
}

function findWholeText(document: IDataObject, depth = 0): string | undefined {
	const own = firstString(document, WHOLE_TEXT_KEYS);
	if (own !== undefined) return own;
	if (depth >= MAX_DEPTH) return undefined;
	for (const key of [...WHOLE_TEXT_KEYS, ...SEGMENT_LIST_KEYS]) {
		const value = document[key];
		if (isObject(value)) {
			const found = findWholeText(value, depth + 1);
			if (found !== undefined) return found;
		}
	}
	return undefined;
}

function fromJson(parsed: unknown): ParsedTranscript {
	const document: IDataObject = Array.isArray(parsed) ? { segments: parsed as IDataObject[] } : isObject(parsed) ? parsed : {};
	const segments = findSegments(document) ?? [];
	const lines = segments
		.map((segment) => ({ speaker: speakerOf(segment), text: segmentText(segment) }))
		.filter((line) => line.text !== undefined);
	const wholeText = findWholeText(document);
	const joined = lines.map((line) => (line.speaker ? `${line.speaker}: ${line.text}` : line.text)).join('\n');
	// An empty whole text next to segments with text is no text at all.
	const text = wholeText !== undefined && wholeText.trim() !== '' ? wholeText : joined;
	const speakers = [...new Set(lines.map((line) => line.speaker).filter((speaker): speaker is string => speaker !== undefined))];
	return {
		format: 'json',
		text,
		textFound: text.trim() !== '',
		segments,
		speakers,
		language: firstString(document, LANGUAGE_KEYS) ?? null,
		document: parsed,
	};
}

/** The text and structure of a transcript body, whichever format VBC sent. */
export function parseTranscript(raw: string, contentType: string): ParsedTranscript {
	const looksJson = /json/i.test(contentType) || /^\s*[{[]/.test(raw);
	if (looksJson) {
		try {
			return fromJson(JSON.parse(raw));
		} catch {
			// Not JSON after all: keep it as text.
		}
	}
	return { format: 'text', text: raw, textFound: raw.trim() !== '', segments: [], speakers: [], language: null };
}

// Types for the Bird sandbox (plain JavaScript, so that it runs without a build). README.md describes each option.

export type RecordingStatus = 'accepted' | 'ongoing' | 'paused' | 'completed' | 'available' | 'absent' | 'failed';
export type TranscriptionStatus = 'accepted' | 'ongoing' | 'available' | 'absent' | 'failed';
export type Fate = 'available' | 'failed' | 'absent';
export type TranscriptFormat = 'json' | 'srt' | 'vtt' | 'txt';

export interface SandboxLogEntry {
	target: 'api' | 'storage';
	method: string;
	path: string;
	query: Record<string, string>;
	rawQuery: string;
	headers: Record<string, string | string[] | undefined>;
	host: string | undefined;
	/** 0 when the connection was dropped before a status line. */
	status: number;
	/** Real epoch ms, for pacing. */
	at: number;
	/** Sandbox clock epoch ms. */
	clockAt: number;
	/** Storage requests only: which credential reached the storage origin, if any (must stay null). */
	credential?: 'authorization' | 'cookie' | 'access-key' | null;
}

export interface CallIdentifier {
	contact?: { id: string; identifierKey: string; identifierValue: string };
	number?: { type: string; number: string; identity?: string; countryIsoCode?: string; anonymous?: boolean; callerIdName?: string };
}

/** The sandbox's own record of a recording: times are epoch ms, `Infinity` means "not yet". */
export interface SandboxRecording {
	id: string;
	source: 'call' | 'conference';
	sourceId: string;
	/** null: absent from the API's JSON. */
	channelId: string | null;
	direction: 'incoming' | 'outgoing' | null;
	originator: CallIdentifier;
	receiver: CallIdentifier;
	origin: string;
	stereo: boolean;
	format: string;
	conferenceId?: string;
	createdAt: number;
	startedAt: number;
	endedAt: number;
	readyAt: number;
	fate: Fate;
	pinned: { status: RecordingStatus; at: number } | null;
	transcriptionIds: string[];
}

export interface SandboxTranscription {
	id: string;
	recordingId: string;
	durationSeconds: number;
	locale: string;
	stereo: boolean;
	createdAt: number;
	readyAt: number;
	fate: Fate;
	pinned: { status: TranscriptionStatus; at: number } | null;
}

export interface NewRecording {
	id?: string;
	source?: 'call' | 'conference';
	sourceId?: string;
	channelId?: string | null;
	direction?: 'incoming' | 'outgoing' | null;
	originator?: CallIdentifier;
	receiver?: CallIdentifier;
	origin?: string;
	stereo?: boolean;
	format?: string;
	conferenceId?: string;
	durationSeconds?: number;
	createdAt?: number;
	startedAt?: number;
	endedAt?: number;
	readyAt?: number;
	fate?: Fate;
	/** Pin this status from the start. */
	status?: RecordingStatus;
	/** A call in progress: created and started now, ends at `finishRecording`. */
	live?: boolean;
}

/** The API's JSON for a recording (Voice v1 `Recording`). */
export interface BirdRecording {
	id: string;
	source: 'call' | 'conference';
	sourceId: string;
	channelId?: string;
	status: RecordingStatus;
	direction?: 'incoming' | 'outgoing';
	originator?: CallIdentifier;
	receiver?: CallIdentifier;
	origin: string;
	duration: number;
	stereo: boolean;
	format: string;
	transcription: boolean;
	conferenceId?: string;
	url?: string;
	roomInfoUrl?: string;
	createdAt: string;
	updatedAt: string;
	startedAt?: string;
	endedAt?: string;
}

export interface BirdTranscription {
	id: string;
	recordingId: string;
	status: TranscriptionStatus;
	stereo: boolean;
	locale: string;
	url?: string;
	summary?: string;
	createdAt: string;
	updatedAt: string;
}

export interface BirdPage<T> {
	results: T[];
	nextPageToken?: string | null;
}

export interface BirdErrorBody {
	code: string;
	message: string;
	details?: Record<string, string[]>;
}

export interface SandboxFault {
	/** 'api' (default) or 'storage'. */
	target?: 'api' | 'storage';
	status?: number;
	headers?: Record<string, string>;
	/** JSON value, string or Buffer; default a Bird error body (API) or empty (storage). */
	body?: unknown;
	/** Drop the connection without an answer. */
	reset?: boolean;
	/** Send the real answer's headers and only part of its body (true: half; a number: that many bytes). */
	truncate?: boolean | number;
	delayMs?: number;
	/** Exact pathname or a RegExp tested on it. */
	path?: string | RegExp;
	method?: string;
	/** How many matching requests it answers (default 1). */
	times?: number;
}

export interface SandboxOptions {
	port?: number;
	storagePort?: number;
	host?: string;
	storagePublicHost?: string;
	seed?: number;
	recordingCount?: number;
	seedSpacingMs?: number;
	seedMaxDurationSeconds?: number;
	transcribeEvery?: number;
	workspaceId?: string;
	channelId?: string;
	accessKey?: string;
	now?: number;
	realTime?: boolean;
	acceptBearer?: boolean;
	lastPageMarker?: 'absent' | 'emptyString' | 'null';
	tokenOnFullLastPage?: boolean;
	sortOrder?: 'newest' | 'oldest';
	timeFilterField?: 'createdAt' | 'startedAt' | 'endedAt';
	startAtInclusive?: boolean;
	endAtInclusive?: boolean;
	presignedUrlTtlSeconds?: number;
	mediaRedirect?: 307 | 302 | 'direct';
	storageRejectsAuthorization?: boolean;
	unsetTime?: 'absent' | 'zeroTime';
	sparseOptionalFields?: boolean;
	errorShape?: 'detailed' | 'nested';
	validationStatus?: 400 | 422;
	rateLimit?: { limit: number; windowMs: number } | null;
	retryAfterHeader?: boolean;
	transcriptionDurationMs?: number;
	transcriptContent?: 'direct' | 'redirect';
}

export interface Sandbox {
	options: Required<Omit<SandboxOptions, 'storagePublicHost' | 'rateLimit'>> & Pick<SandboxOptions, 'storagePublicHost' | 'rateLimit'>;
	clock: { now(): number; advance(ms: number): void };
	log: SandboxLogEntry[];
	recordings: Map<string, SandboxRecording>;
	transcriptions: Map<string, SandboxTranscription>;
	/** The API origin, e.g. http://127.0.0.1:40123 (what a credential's base URL holds). */
	url: string;
	apiBaseUrl: string;
	/** The storage origin that pre-signed URLs point to. */
	storageUrl: string;
	port: number;
	storagePort: number;
	workspaceId: string;
	accessKey: string;
	start(): Promise<Sandbox>;
	stop(): Promise<void>;
	workspaceUrl(): string;
	addRecording(fields?: NewRecording): SandboxRecording;
	deleteRecording(id: string): boolean;
	setRecordingStatus(id: string, status: RecordingStatus | null): SandboxRecording;
	finishRecording(id: string, processingMs?: number): SandboxRecording;
	attachAudio(id: string): SandboxRecording;
	failRecording(id: string, fate?: 'failed' | 'absent'): SandboxRecording;
	addTranscription(
		recordingId: string,
		fields?: { id?: string; locale?: string; createdAt?: number; readyAt?: number; fate?: Fate; status?: TranscriptionStatus },
	): SandboxTranscription;
	setTranscriptionStatus(id: string, status: TranscriptionStatus | null): SandboxTranscription;
	finishTranscription(id: string, fate?: Fate): SandboxTranscription;
	presentRecording(id: string): BirdRecording;
	presentTranscription(id: string, format?: TranscriptFormat): BirdTranscription;
	recordingStatus(id: string): RecordingStatus;
	mediaUrl(id: string): string;
	listedRecordings(): SandboxRecording[];
	injectFault(fault: SandboxFault): void;
	clearFaults(): void;
	apiRequests(): SandboxLogEntry[];
	storageRequests(): SandboxLogEntry[];
	credentialReachedStorage(): boolean;
	resetLog(): void;
}

export function createSandbox(options?: SandboxOptions): Sandbox;
export function defaultOptions(): Required<Omit<SandboxOptions, 'storagePublicHost' | 'rateLimit'>>;
export const SUPPORTED_LOCALES: string[];
export const MAX_LIMIT: number;
export const DEFAULT_LIMIT: number;

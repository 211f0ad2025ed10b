// Types for the VoIPbin sandbox (plain CommonJS JavaScript, so it runs without a build).
import type { Server } from 'node:http';

export type RecordingStatus = 'initiating' | 'recording' | 'stopping' | 'ended';

export interface SandboxLogEntry {
	/** Which listener answered: the API origin or the storage origin the downloads redirect to. */
	listener: 'api' | 'storage';
	method: string;
	path: string;
	query: Record<string, string>;
	/** The full query string as sent, with its leading `?` (empty when none). */
	rawQuery: string;
	/** The full request URL. */
	url: string;
	headers: Record<string, string | string[] | undefined>;
	host: string;
	/**
	 * Credentials the request carried: 'accesskey-query', 'token-query', 'accesskey-cookie', 'token-cookie',
	 * 'cookie' (any Cookie header), 'authorization' (any Authorization header), 'known-secret' (a password,
	 * access key or issued JWT anywhere in the URL or headers).
	 */
	credentials: string[];
	/** Response status; 0 while running or when the connection was dropped before headers. */
	status: number;
	/** Real time (Date.now()) when the request arrived. */
	at: number;
	/** Sandbox clock when the request arrived. */
	clockAt: number;
}

export interface SandboxRecording {
	id: string;
	customerId: string;
	referenceType: 'call' | 'confbridge';
	referenceId: string;
	activeflowId: string;
	onEndFlowId: string;
	/** Times in microseconds since the epoch; null = not yet. */
	createUs: number;
	startUs: number | null;
	endUs: number | null;
	endedUs: number | null;
	deleteUs: number | null;
	hasFiles: boolean;
	transcriptLines?: number;
	/** Internal recording name: the ZIP entries are `<name>_in.wav` and `<name>_out.wav`. */
	name: string;
}

export interface AddRecordingFields {
	id?: string;
	customerId?: string;
	referenceType?: 'call' | 'confbridge';
	referenceId?: string;
	activeflowId?: string;
	onEndFlowId?: string;
	/** Default 'ended'. 'stopping' holds the recording in `stopping` until a test ends it. */
	status?: RecordingStatus;
	/** Audio length of an ended recording (default 5–60 s, deterministic). */
	durationMs?: number;
	/** ms since the epoch, a Date, or a timestamp text in either style (microseconds kept). */
	createdAt?: number | Date | string;
	/** tm_create in microseconds since the epoch; wins over createdAt. */
	tmCreateUs?: number;
	/** Creation to first audio (default 2800 ms). */
	startDelayMs?: number;
	/** For 'initiating': starts recording after this long on the sandbox clock. */
	startsAfterMs?: number;
	/** For 'recording' / 'initiating': stops after this long on the sandbox clock. */
	endsAfterMs?: number;
	/** false: storage has no files for it, so its ZIP is empty (default true). */
	hasFiles?: boolean;
	/** Lines a transcription yields (default one per 5 s of audio, at least 2). */
	transcriptLines?: number;
}

export interface SandboxTranscribe {
	id: string;
	customerId: string;
	referenceType: 'recording';
	referenceId: string;
	language: string;
	direction: 'both' | 'in' | 'out';
	provider: string;
	createUs: number;
	doneUs: number | null;
	deleteUs: number | null;
	lines: Array<{ id: string; direction: 'in' | 'out'; message: string; spokenUs: number; order: number }>;
}

export interface SandboxFault {
	/** Answer with this status (a VoIPbin error envelope unless `body` is given; GCS XML on the storage listener). */
	status?: number;
	headers?: Record<string, string>;
	/** Object: JSON; string/Buffer: as is; null: empty body. */
	body?: unknown;
	/** Drop the connection without an answer. */
	reset?: boolean;
	/** Answer normally but cut the body short (true: half of it; a number: that many bytes) and drop the connection. */
	truncate?: boolean | number;
	/** Wait this long (real ms) first. */
	delayMs?: number;
	/** Only requests whose pathname equals this string or matches this RegExp. */
	path?: string | RegExp;
	method?: string;
	/** Only requests to this listener. */
	listener?: 'api' | 'storage';
	/** How many matching requests get the fault (default 1). */
	times?: number;
}

export interface RateLimit {
	perSecond: number;
	burst: number;
}

export interface SandboxOptions {
	port?: number;
	storagePort?: number;
	host?: string;
	seed?: number;
	recordingCount?: number;
	now?: number;
	realTime?: boolean;
	customerId?: string;
	users?: Array<{ username: string; password: string; permission: 'CustomerAdmin' | 'CustomerManager' | 'CustomerAgent' | string }>;
	accessKey?: string;
	jwtTtlSeconds?: number;
	loginAt?: 'root' | 'v1.0' | 'both';
	loginFailure?: 'bare400' | 'envelope';
	accesskeyInHeader?: 'reject' | 'accept';
	timeFormat?: 'rfc3339nano' | 'legacySpace';
	unsetTime?: 'absent' | 'emptyString' | 'sentinel9999';
	ownerType?: string;
	pageTokenFormat?: 'rfc3339micro' | 'legacySpace';
	pageTokenComparison?: 'lt' | 'lte';
	pageSizeOverMax?: 'clamp' | 'reject';
	downloadPayload?: 'zip' | 'wav';
	downloadBeforeEnded?: 'emptyZip' | 'notFound';
	signedUrlTtlSeconds?: number;
	signingConfigured?: boolean;
	notFoundReason?: 'split' | 'RECORDING_NOT_FOUND' | 'RESOURCE_NOT_FOUND';
	otherCustomerStatus?: 403 | 404;
	transcriptsIgnorePaging?: boolean;
	transcribeDelayMs?: number;
	stoppingMs?: number;
	ipRateLimit?: RateLimit | null;
	customerRateLimit?: RateLimit | null;
	authRateLimit?: RateLimit | null;
	storageContentType?: string;
}

export interface Sandbox {
	options: Required<Omit<SandboxOptions, 'storageContentType'>> & { storageContentType?: string };
	clock: { now(): number; advance(ms: number): void };
	log: SandboxLogEntry[];
	server: Server;
	storageServer: Server;
	/** API origin; login is `${url}/auth/login`. */
	url: string;
	/** `${url}/v1.0` */
	apiBaseUrl: string;
	/** The second origin the downloads redirect to. */
	storageUrl: string;
	port: number;
	storagePort: number;
	recordings: Map<string, SandboxRecording>;
	transcribes: Map<string, SandboxTranscribe>;
	accessKeys: Map<string, { id: string; customerId: string; tmExpire: number | null; deleted: boolean }>;
	start(): Promise<Sandbox>;
	stop(): Promise<void>;
	/** A JWT as /auth/login issues it (default: the first user; default TTL: jwtTtlSeconds). */
	issueToken(username?: string, ttlSeconds?: number): string;
	/** Adds an access key (random unless `token` is given); `expiresAt` in ms on the sandbox clock. */
	addAccessKey(fields?: { token?: string; expiresAt?: number | null; customerId?: string }): string;
	revokeAccessKey(token: string): void;
	addRecording(fields?: AddRecordingFields): SandboxRecording;
	deleteRecording(id: string): void;
	setRecordingStatus(id: string, status: RecordingStatus): SandboxRecording;
	finishRecording(id: string): SandboxRecording;
	recordingStatus(id: string): RecordingStatus;
	setRecordingFiles(id: string, present: boolean): void;
	finishTranscribe(id: string): SandboxTranscribe;
	presentRecording(id: string): Record<string, unknown>;
	visibleRecordings(customerId?: string): SandboxRecording[];
	injectFault(fault: SandboxFault): void;
	clearFaults(): void;
	/** Requests under /v1.0 (not login, not storage). */
	apiRequests(): SandboxLogEntry[];
	loginRequests(): SandboxLogEntry[];
	storageRequests(): SandboxLogEntry[];
	/** Storage requests that carried any credential. Must stay empty. */
	storageCredentialLeaks(): SandboxLogEntry[];
	resetLog(): void;
	resetRateLimits(): void;
	/** A time (µs) in the configured time format. */
	formatTime(us: number): string;
	/** A time (µs) as the configured page-token format. */
	formatPageToken(us: number): string;
}

export function createSandbox(options?: SandboxOptions): Sandbox;
export function defaultOptions(): Required<Omit<SandboxOptions, 'storageContentType'>>;
export const API_PREFIX: string;
export const MAX_PAGE_SIZE: number;
export function formatRfc3339Nano(us: number): string;
export function formatLegacySpace(us: number): string;
export function formatRfc3339Micro(us: number): string;
export function parseTimestamp(text: string): number | undefined;

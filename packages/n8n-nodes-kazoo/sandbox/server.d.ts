// Types for the Kazoo sandbox (plain JavaScript so that it runs without a build).
import type { Server } from 'node:http';

export interface KazooLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	rawQuery: string;
	headers: Record<string, string | string[] | undefined>;
	host: string | undefined;
	ip: string | undefined;
	/** Sandbox clock time (ms) when the request arrived. */
	at: number;
	status: number;
	/** The request body as text (PUT/PATCH), once read. */
	body: string | undefined;
}

export interface KazooStorageLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	host: string | undefined;
	at: number;
	status: number;
	/** Whether X-Auth-Token, Authorization or auth_token reached the storage origin. */
	credentialSeen: boolean;
}

/** The public recording document (what `data` holds). */
export interface KazooRecordingDoc {
	id: string;
	name: string;
	description: string;
	content_type: string;
	media_type: 'mp3' | 'wav' | string;
	media_source: string;
	source_type: string;
	from: string;
	to: string;
	request: string;
	direction: 'inbound' | 'outbound';
	/** Gregorian seconds. */
	start: number;
	duration: number;
	duration_ms: number;
	caller_id_number: string;
	caller_id_name: string;
	callee_id_number: string;
	callee_id_name: string;
	call_id: string;
	cdr_id: string;
	interaction_id: string;
	origin: string;
	custom_channel_vars: Record<string, string>;
	owner_id?: string;
	url?: string;
	user_metadata?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface KazooRecording {
	id: string;
	/** When the metadata document was saved (ms): the listing's sort key and created_from/created_to. */
	createdAt: number;
	ownerId: string | null;
	deleted: boolean;
	doc: KazooRecordingDoc;
	attachment: { name: string; contentType: string; size: number } | null;
}

export interface AddRecordingFields {
	id?: string;
	createdAt?: number;
	durationMs?: number;
	/** null: no owner (not in any user's list); default: rotates over the users and none. */
	ownerId?: string | null;
	direction?: 'inbound' | 'outbound';
	mediaType?: 'mp3' | 'wav';
	/** false: the document exists but its audio is not attached yet (attachAudio later). */
	audio?: boolean;
	/** Stored on an external URL: never attached, download answers 404. */
	url?: string;
	name?: string;
	call_id?: string;
	caller_id_number?: string;
	caller_id_name?: string;
	callee_id_number?: string;
	callee_id_name?: string;
	origin?: string;
	user_metadata?: Record<string, unknown>;
	/** false: do not fire `doc_created` webhooks. */
	fireWebhooks?: boolean;
}

export interface KazooFault {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Destroy the connection without an answer. */
	reset?: boolean;
	/** Send only this many body bytes (true: half of Content-Length), then drop the connection. */
	truncate?: number | true;
	delayMs?: number;
	/** Matched against the request path (RegExp, or a substring). */
	path?: RegExp | string;
	method?: string;
	when?: (url: URL) => boolean;
	times?: number;
}

export interface KazooUser {
	id: string;
	username: string;
	password: string;
	first_name?: string;
	last_name?: string;
	priv_level?: string;
	enabled?: boolean;
}

export interface KazooAccount {
	id: string;
	name: string;
	realm: string;
	phoneNumber: string;
	apiKey: string;
}

export interface KazooRateLimit {
	capacity: number;
	refillPerSecond: number;
	requestCost: number;
	authCost: number;
}

export interface KazooSandboxOptions {
	port?: number;
	storagePort?: number;
	host?: string;
	seed?: number;
	recordings?: number;
	seedSpacingSeconds?: number;
	now?: number;
	realTime?: boolean;
	account?: Partial<KazooAccount>;
	users?: KazooUser[];
	tokenExpiry?: 'absolute' | 'sliding';
	tokenTtlSeconds?: number;
	createdStatus?: 200 | 201;
	unauthorizedBody?: 'documented' | 'crossbarUtil';
	startKeyStyle?: 'encoded' | 'raw';
	descendingFalse?: 'ignored' | 'honoured';
	maxRangeSeconds?: number;
	defaultPageSize?: number;
	badPageSizeStatus?: number;
	unpaginatedLimit?: number | null;
	rateLimit?: Partial<KazooRateLimit> | false;
	unknownAccept?: '406' | 'json';
	defaultMediaType?: 'mp3' | 'wav';
	wavContentType?: string;
	sourceType?: string;
	patchSupported?: boolean;
	patchScope?: 'userMetadataOnly' | 'any';
	softDelete?: boolean;
	audioStorage?: 'proxied' | 'redirect';
	signedUrlTtlSeconds?: number;
	webhookDelivery?: boolean;
	webhookRetryDelayMs?: number;
	webhookTimeoutMs?: number;
}

export interface KazooWebhook {
	id: string;
	name: string;
	uri: string;
	hook: string;
	http_verb: 'get' | 'post' | 'put';
	format: 'form-data' | 'json';
	retries: number;
	enabled: boolean;
	custom_data?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface KazooWebhookAttempt {
	hook_id: string;
	result: 'success' | 'failure';
	reason?: string;
	client_error?: string;
	'retries left'?: number;
	at: number;
	payload: Record<string, unknown>;
}

export interface KazooSandbox {
	options: Required<Omit<KazooSandboxOptions, 'account' | 'rateLimit'>> & { account: KazooAccount; rateLimit: KazooRateLimit | false };
	clock: { now(): number; advance(ms: number): void };
	log: KazooLogEntry[];
	storageLog: KazooStorageLogEntry[];
	recordings: Map<string, KazooRecording>;
	webhooks: Map<string, KazooWebhook>;
	users: Map<string, KazooUser & { enabled: boolean }>;
	account: KazooAccount;
	server: Server;
	storageServer: Server;
	/** http://127.0.0.1:PORT (no /v2). */
	url: string;
	/** `${url}/v2`. */
	apiBaseUrl: string;
	/** The second origin that serves signed audio URLs (audioStorage: 'redirect'). */
	storageUrl: string;
	port: number;
	start(): Promise<KazooSandbox>;
	stop(): Promise<void>;
	credentialsHash(username: string, password: string, method?: 'md5' | 'sha'): string;
	issueToken(username?: string): string;
	expireToken(token: string): void;
	expireAllTokens(): void;
	isTokenValid(token: string): boolean;
	addRecording(fields?: AddRecordingFields): KazooRecording;
	attachAudio(id: string, options?: { mediaType?: 'mp3' | 'wav' }): KazooRecording;
	deleteRecording(id: string, options?: { hard?: boolean }): void;
	visibleRecordings(ownerId?: string): KazooRecording[];
	toGregorian(ms: number): number;
	injectFault(fault: KazooFault): void;
	apiRequests(): KazooLogEntry[];
	authRequests(): KazooLogEntry[];
	resetLog(): void;
	credentialReachedStorage(): boolean;
	webhookAttempts(): KazooWebhookAttempt[];
	settleWebhooks(): Promise<void>;
	tokensRemaining(accountId?: string): number;
	resetRateLimits(): void;
}

export function createSandbox(options?: KazooSandboxOptions): KazooSandbox;
export function toGregorian(ms: number): number;
export const API_PREFIX: string;
export const MAX_RANGE_SECONDS: number;

// Types for the sandbox (plain JavaScript so that `npm run sandbox` needs no build).
export interface SandboxLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	rawQuery: string;
	headers: Record<string, string | string[] | undefined>;
	host: string;
	at: number;
	status: number;
}
export interface SandboxRecording {
	id: number;
	scope: 'company' | 'ondemand';
	userId: number;
	call_direction: string;
	call_id: string;
	caller_id: string | number;
	cnam: string;
	dnis: string;
	duration: number;
	start: number;
	end: number;
	extensions: number[];
	file_name: string;
	file_size_in_bytes: number;
	visibleAt: number;
	deleted: boolean;
	transcription: { status: string; readyAt: number; format: 'json' | 'text'; error: string };
	[key: string]: unknown;
}
export interface SandboxFault {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** Serve the real answer, but close the connection halfway through its body. */
	truncate?: boolean;
	reset?: boolean;
	delayMs?: number;
	path?: RegExp;
	method?: string;
	when?: (url: URL) => boolean;
	times?: number;
}
export interface SandboxOptions {
	port?: number;
	seed?: number;
	companyRecordings?: number;
	onDemandRecordings?: number;
	pageBase?: 0 | 1;
	accessTokenTtlSeconds?: number;
	quotaPerMinute?: number | null;
	quotaWindowMs?: number;
	jobDurationMs?: number;
	jobValidityMs?: number;
	/** The ID of the first recording (193228); later ones count up. */
	firstRecordingId?: number;
	now?: number;
	realTime?: boolean;
	audioContentType?: string;
	linksKeepQuery?: boolean;
	/** Leave `total_items` and `total_pages` out of list pages. */
	omitTotals?: boolean;
	/** Refuse what the API does not document (undeclared job-list parameters, an export without a body); on by default. */
	strict?: boolean;
	/** How the transcription list reads `status`: 'words' (ready, pending, failed) or 'boolean' (true/false). */
	transcriptionStatusFilter?: 'words' | 'boolean';
	/** Answer audio requests with a 302 to this origin (a CDN). */
	redirectAudioTo?: string;
	/** Write `_links` with this origin instead of the request's. */
	linkOrigin?: string;
}
export interface TokenResponse {
	access_token: string;
	refresh_token: string;
	token_type: string;
	expires_in: number;
	scope: string;
}
export interface Sandbox {
	options: Required<SandboxOptions> & { clientId: string; clientSecret: string; accountId: number };
	clock: { now(): number; advance(ms: number): void };
	log: SandboxLogEntry[];
	recordings: Map<number, SandboxRecording>;
	jobs: Map<string, Record<string, unknown>>;
	server: import('node:http').Server;
	url: string;
	apiBaseUrl: string;
	port: number;
	start(): Promise<Sandbox>;
	stop(): Promise<void>;
	issueTokens(login?: string): TokenResponse;
	expireAccessToken(token: string): void;
	isRefreshTokenValid(token: string): boolean;
	addRecording(fields?: Partial<SandboxRecording> & { processingDelayMs?: number; transcriptionDelayMs?: number }): SandboxRecording;
	deleteRecording(id: number): void;
	/** The ID the next added recording gets. */
	nextRecordingId(): number;
	visibleRecordings(scope?: 'company' | 'ondemand'): SandboxRecording[];
	setCompanyAccess(allowed: boolean, login?: string): void;
	setNextJobFates(fates: Array<'complete' | 'failed' | 'expired'>): void;
	injectFault(fault: SandboxFault): void;
	apiRequests(): SandboxLogEntry[];
	resetLog(): void;
	formatVbcTime(ms: number): string;
}
export function createSandbox(options?: SandboxOptions): Sandbox;
export function formatVbcTime(ms: number): string;
export function parseVbcTime(text: string): number | undefined;
export const API_BASE_PATH: string;
export const MAX_PAGE_SIZE: number;
export function seededRandom(seed: number): () => number;

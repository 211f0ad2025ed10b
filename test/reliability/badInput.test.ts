import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { activeTrigger, oauth2Credentials, runAction, startSandbox } from '../harness/vbc';

const recording = (operation: string, extra: IDataObject = {}) => ({ resource: 'recording', operation, scope: 'company', ...extra });
const getMany = (extra: IDataObject) => recording('getMany', { returnAll: false, limit: 10, ...extra });
const transcription = (operation: string, extra: IDataObject = {}) => ({ resource: 'transcription', operation, returnAll: false, limit: 10, ...extra });
const job = (operation: string, extra: IDataObject = {}) => ({ resource: 'exportJob', operation, jobType: 'recordings', userId: 'self', ...extra });
const JOB = 'afa725fb-d418-4eaf-b3f9-0e66396fafdc';

/** [what, node parameters, expected message (a part of it), credential overrides] */
const cases: Array<[string, IDataObject, string, IDataObject?]> = [
	['empty recording ID', recording('get', { recordingId: '={{ $json.missing }}' }), 'Recording ID is empty'],
	['letters as recording ID', recording('get', { recordingId: 'abc' }), 'Recording ID must be the numeric ID of a recording, such as 193228, not "abc"'],
	['path traversal in recording ID', recording('get', { recordingId: '../193228' }), 'Recording ID must be the numeric ID'],
	['query in recording ID', recording('get', { recordingId: '1?x=2' }), 'Recording ID must be the numeric ID'],
	['space in recording ID', recording('get', { recordingId: '12 34' }), 'Recording ID must be the numeric ID'],
	['negative recording ID', recording('delete', { recordingId: '-1' }), 'Recording ID must be the numeric ID'],
	['decimal recording ID', recording('delete', { recordingId: '1.5' }), 'Recording ID must be the numeric ID'],
	['encoded dots as recording ID', recording('delete', { recordingId: '%2e%2e' }), 'Recording ID must be the numeric ID'],
	['letters as recording ID (download)', recording('download', { recordingId: 'x', binaryPropertyName: 'data' }), 'Recording ID must be the numeric ID'],
	['empty binary field (download)', recording('download', { recordingId: '193228', binaryPropertyName: ' ' }), 'Put Output File in Field is empty'],
	['user ID that is a word', recording('get', { scope: 'onDemand', userId: 'me', recordingId: '1' }), "User ID must be 'self' or a numeric ID, such as 745249, not \"me\""],
	['path traversal in user ID', recording('getMany', { scope: 'onDemand', userId: '../../x', returnAll: true }), "User ID must be 'self' or a numeric ID"],
	['empty user ID', recording('export', { scope: 'onDemand', userId: '' }), "User ID must be 'self' or a numeric ID"],
	['limit 0', getMany({ limit: 0 }), 'Limit must be a whole number of 1 or more, not "0"'],
	['negative limit', getMany({ limit: -5 }), 'Limit must be a whole number of 1 or more'],
	['fractional limit', getMany({ limit: 2.5 }), 'Limit must be a whole number of 1 or more'],
	['unreadable Start After', getMany({ filters: { startAfter: 'yesterday' } }), 'Start After is not a date and time n8n can read: "yesterday"'],
	['unreadable Start Before', getMany({ filters: { startBefore: '31/31/2026' } }), 'Start Before is not a date and time n8n can read'],
	['Start After later than Start Before', getMany({ filters: { startAfter: '2026-02-01T00:00:00Z', startBefore: '2026-01-01T00:00:00Z' } }), 'is later than Start Before (2026-01-01T00:00:00.000Z): no recording can match'],
	['negative minimum duration', getMany({ filters: { minDurationSeconds: -1 } }), 'Minimum Duration (Seconds) must be a number of seconds of 0 or more'],
	['negative maximum duration', getMany({ filters: { maxDurationSeconds: -5 } }), 'Maximum Duration (Seconds) must be a number of seconds of 0 or more'],
	['minimum above maximum duration', getMany({ filters: { minDurationSeconds: 60, maxDurationSeconds: 30 } }), 'Minimum Duration (60 s) is longer than Maximum Duration (30 s)'],
	['duration that is not a number', getMany({ filters: { minDurationSeconds: 'abc' } }), 'Minimum Duration (Seconds) must be a number of seconds'],
	['unknown call direction', getMany({ filters: { callDirection: 'SIDEWAYS' } }), 'Call Direction must be one of INBOUND, OUTBOUND, INTRA_PBX'],
	['unreadable date (export)', recording('export', { filters: { startAfter: 'soon' } }), 'Start After is not a date and time n8n can read'],
	['poll interval too short (export)', recording('export', { exportOptions: { waitAndDownload: true, pollIntervalSeconds: 0 } }), 'Poll Interval (Seconds) must be a number of at least 0.1'],
	['negative timeout (export)', recording('export', { exportOptions: { waitAndDownload: true, timeoutSeconds: -1 } }), 'Timeout (Seconds) must be a number of seconds of 0 or more'],
	['empty binary field (export)', recording('export', { exportOptions: { waitAndDownload: true, binaryPropertyName: '' } }), 'Put Output File in Field is empty'],
	['limit 0 (transcriptions)', transcription('getMany', { limit: 0 }), 'Limit must be a whole number of 1 or more'],
	['unreadable date (transcriptions)', transcription('getMany', { filters: { startBefore: 'later' } }), 'Start Before is not a date and time n8n can read'],
	['letters as recording ID (transcript)', transcription('getTranscript', { recordingId: 'abc' }), 'Recording ID must be the numeric ID'],
	['empty recording ID (transcript)', transcription('getTranscript', { recordingId: '={{ $json.missing }}' }), 'Recording ID is empty'],
	['minimum above maximum (transcription export)', transcription('export', { filters: { minDurationSeconds: 9, maxDurationSeconds: 1 } }), 'is longer than Maximum Duration'],
	['empty job ID', job('get', { jobId: '={{ $json.missing }}' }), 'Job ID is empty'],
	['job ID that is not a UUID', job('get', { jobId: 'not-a-uuid' }), 'Job ID must be the UUID of an export job'],
	['path traversal in job ID', job('get', { jobId: '../../jobs' }), 'Job ID must be the UUID of an export job'],
	['user ID that is a word (jobs)', job('getMany', { userId: 'x', returnAll: true }), "User ID must be 'self' or a numeric ID"],
	['limit 0 (jobs)', job('getMany', { returnAll: false, limit: 0 }), 'Limit must be a whole number of 1 or more'],
	['poll interval too short (wait)', job('waitForCompletion', { jobId: JOB, pollIntervalSeconds: 0.01, timeoutSeconds: 10 }), 'Poll Interval (Seconds) must be a number of at least 0.1'],
	['timeout that is not a number (wait)', job('waitForCompletion', { jobId: JOB, pollIntervalSeconds: 1, timeoutSeconds: 'abc' }), 'Timeout (Seconds) must be a number of seconds of 0 or more'],
	['job ID that is not a UUID (wait)', job('waitForCompletion', { jobId: 'abc', pollIntervalSeconds: 1, timeoutSeconds: 10 }), 'Job ID must be the UUID of an export job'],
	['empty binary field (archive)', job('downloadArchive', { jobId: JOB, binaryPropertyName: '={{ "" }}' }), 'Put Output File in Field is empty'],
	['job ID that is not a UUID (archive)', job('downloadArchive', { jobId: 'zz', binaryPropertyName: 'data' }), 'Job ID must be the UUID of an export job'],
	['request timeout 0', recording('get', { recordingId: '1', requestOptions: { timeoutSeconds: 0 } }), 'Timeout (Seconds) must be a number of seconds above 0'],
	['negative rate-limit wait', recording('get', { recordingId: '1', requestOptions: { maxRateLimitWaitSeconds: -1 } }), 'Max Wait on Rate Limit (Seconds) must be 0 or more'],
	['account ID in the credential that is a word', recording('get', { recordingId: '1' }), "Account ID (in the credential) must be 'self' or a numeric ID", { accountId: 'acme' }],
	['API base URL in the credential that is not a URL', recording('get', { recordingId: '1' }), "The credential's API Base URL is not a URL", { baseUrl: 'api.vonage.com' }],
	// Refused since issue 15: values from expressions or imported JSON that used to reach the API.
	['Caller ID from an expression that gives an object', getMany({ filters: { callerId: '={{ { number: 1 } }}' } }), 'Caller ID must be text or a number, not a object'],
	['Extension from an expression that gives a list', getMany({ filters: { extension: '={{ [101, 102] }}' } }), 'Extension must be text or a number, not a list'],
	['DNIS from an expression that gives an object', recording('export', { filters: { dnis: '={{ { to: 1 } }}' } }), 'Dialed Number (DNIS) must be text or a number'],
	['scope that is not an option', recording('get', { scope: 'everything', recordingId: '1' }), 'Scope must be one of company, onDemand, not "everything"'],
	['job type that is not an option', job('getMany', { jobType: 'transcripts', returnAll: true }), 'Job Type must be one of recordings, recordingsTranscriptions'],
	['sort field with a query in it', getMany({ sort: { field: '={{ "start&x=1" }}' } }), 'Sort By must be one of start, duration, not "start&x=1"'],
	['sort direction that is not an option', getMany({ sort: { field: 'start', direction: 'UP' } }), 'Direction must be one of DESC, ASC'],
	['transcription status that is not an option', transcription('getMany', { filters: { status: '={{ "done" }}' } }), 'Transcription Status must be one of ready, pending, failed, not "done"'],
	['job status that is not an option', job('getMany', { returnAll: true, filters: { status: 'finished' } }), 'Status must be one of complete, expired, failed, in_progress, pending'],
	['older than 1e9 days', recording('deleteMany', { olderThanDays: 1e9, shorterThanSeconds: 0, maxDeletions: 10, dryRun: true }), 'Older Than (Days) must be at most 3650 days'],
	['maximum duration of 1e300 s', getMany({ filters: { maxDurationSeconds: 1e300 } }), 'Maximum Duration (Seconds) must be at most 315360000 seconds'],
	['negative quota in the credential', recording('get', { recordingId: '1' }), "The credential's request quota must be a whole number of 0 or more", { requestsPerMinute: -1 }],
];

const triggerCases: Array<[string, INodeParameters, string]> = [
	['trigger look-back window 0', { event: 'newRecording', scope: 'company', options: { lookBackHours: 0 } }, 'Look-Back Window (Hours) must be a number above 0'],
	['trigger max items 0', { event: 'newRecording', scope: 'company', options: { maxItemsPerPoll: 0 } }, 'Max Items per Poll must be a whole number of 1 or more'],
	['trigger negative catch-up', { event: 'transcriptionReady', options: { catchUpHours: -1 } }, 'Include Items From the Last N Hours must be 0 or more'],
	['trigger user ID that is a word', { event: 'exportJobFinished', jobType: 'all', jobUserId: 'boss' }, "User ID must be 'self' or a numeric ID"],
	['trigger look-back of 1e12 hours', { event: 'newRecording', scope: 'company', options: { lookBackHours: 1e12 } }, 'Look-Back Window (Hours) must be a number above 0 and at most 8784'],
	['trigger catch-up of 1e9 hours', { event: 'transcriptionReady', options: { catchUpHours: 1e9 } }, 'Include Items From the Last N Hours must be 0 or more and at most 8784'],
	['trigger scope that is not an option', { event: 'newRecording', scope: 'all' }, 'Scope must be one of company, onDemand, not "all"'],
	['trigger job type that is not an option', { event: 'exportJobFinished', jobType: 'zip', jobUserId: 'self' }, 'Job Type must be one of all, recordings, recordingsTranscriptions, not "zip"'],
	['trigger Caller ID that is an object', { event: 'newRecording', scope: 'company', filters: { callerId: '={{ { a: 1 } }}' } }, 'Caller ID must be text or a number'],
	['trigger unreadable minimum duration', { event: 'newRecording', scope: 'company', filters: { minDurationSeconds: -3 } }, 'Minimum Duration (Seconds) must be a number of seconds of 0 or more'],
];

describe(`Bad input: ${cases.length + triggerCases.length} cases, each a clear error and zero requests`, () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => sandbox.resetLog());

	// One argument, spread inside: jest treats a test function with more parameters than the row as
	// one that takes a `done` callback.
	it.each(cases)('%s', async (...row) => {
		const [, parameters, message, credentialOverrides] = row;
		const run = await runAction(oauth2Credentials(sandbox, undefined, credentialOverrides ?? {}), parameters as INodeParameters);
		const error = run.error('VBC') as unknown as { name: string; message: string; description: string; httpCode?: string };
		// Download is a custom operation and keeps its NodeOperationError; n8n's RoutingNode re-wraps the
		// routed operations' NodeOperationError as a NodeApiError without an HTTP code, keeping message and description.
		if (parameters.operation === 'download') expect(error.name).toBe('NodeOperationError');
		else expect([error.name, error.httpCode ?? 'none']).toEqual(['NodeApiError', 'none']);
		expect(error.message).toContain(message);
		if (!credentialOverrides) expect(error.description).toMatch(/^Field: /);
		expect(sandbox.log).toHaveLength(0);
	});

	it.each(triggerCases)('%s', async (_what, parameters, message) => {
		const trigger = activeTrigger(oauth2Credentials(sandbox), parameters);
		await expect(trigger.poll()).rejects.toThrow(message);
		expect(sandbox.log).toHaveLength(0);
		expect(trigger.persisted.staticData).toBe('{}');
	});
});

import type { IDataObject } from 'n8n-workflow';

import { describeBadInputs, type BadInputCase } from '../../../../core/testing/badInput';
import type { Sandbox } from '../../sandbox/server';
import { birdCredentials, NODE_NAME, runAction, startSandbox } from '../harness/bird';

const ID = '5b74ee9e-9d45-473a-82cd-f1f7feea6bbd';
const recording = (operation: string, extra: IDataObject = {}) => ({ resource: 'recording', operation, ...extra });
const transcription = (operation: string, extra: IDataObject = {}) => ({ resource: 'transcription', operation, ...extra });
const getMany = (filters: IDataObject, extra: IDataObject = {}) => recording('getMany', { returnAll: false, limit: 10, filters, ...extra });

let sandbox: Sandbox;

export const badInputCases: BadInputCase[] = [
	['empty recording ID from an expression', recording('get', { recordingId: '={{ $json.missing }}' }), 'Recording ID is empty'],
	['recording ID that is not a UUID', recording('get', { recordingId: '193228' }), 'Recording ID must be a Bird ID (a UUID'],
	['path traversal in recording ID', recording('get', { recordingId: `../${ID}` }), 'Recording ID must be a Bird ID'],
	['query in recording ID', recording('get', { recordingId: `${ID}?limit=1` }), 'Recording ID must be a Bird ID'],
	['.mp3 suffix in recording ID', recording('download', { recordingId: `${ID}.mp3` }), 'Recording ID must be a Bird ID'],
	['encoded slash in recording ID', recording('delete', { recordingId: `${ID}%2F..` }), 'Recording ID must be a Bird ID'],
	['object as recording ID', recording('get', { recordingId: '={{ { id: 1 } }}' }), 'Recording ID must be text, not an object'],
	['array as recording ID', recording('delete', { recordingId: '={{ [1, 2] }}' }), 'Recording ID must be text, not an object'],
	['UUID with a letter out of hex', recording('get', { recordingId: '5b74ee9e-9d45-473a-82cd-f1f7feea6bbz' }), 'Recording ID must be a Bird ID'],
	['empty binary field (download)', recording('download', { recordingId: ID, binaryPropertyName: ' ' }), 'Put Output File in Field is empty'],
	['object as binary field (download)', recording('download', { recordingId: ID, binaryPropertyName: '={{ [1] }}' }), 'Put Output File in Field must be text, not an object'],
	['limit 0', getMany({}, { limit: 0 }), 'Limit must be a whole number of 1 or more, not "0"'],
	['negative limit', getMany({}, { limit: -5 }), 'Limit must be a whole number of 1 or more'],
	['fractional limit', getMany({}, { limit: 2.5 }), 'Limit must be a whole number of 1 or more'],
	['limit that is text', getMany({}, { limit: 'ten' }), 'Limit must be a whole number of 1 or more'],
	['Return All that is text', recording('getMany', { returnAll: 'yes' }), 'Return All must be true or false'],
	['Simplify that is text', recording('get', { recordingId: ID, simple: 'maybe' }), 'Simplify must be true or false'],
	['source ID filter that is not a UUID', getMany({ sourceId: 'call-1' }), 'Source ID must be a Bird ID'],
	['channel ID filter that is not a UUID', getMany({ channelId: 'whatsapp' }), 'Channel ID must be a Bird ID'],
	['call ID filter with a query', getMany({ callId: `${ID}&limit=99` }), 'Call ID must be a Bird ID'],
	['unknown direction (imported JSON)', getMany({ direction: 'inbound' }), 'Direction must be one of incoming, outgoing, not "inbound"'],
	['from that is not a number', getMany({ from: 'alice' }), 'From (Number) must be a phone number'],
	['to with a query', getMany({ to: '+31&x=1' }), 'To (Number) must be a phone number'],
	['from that is an object', getMany({ from: '={{ { n: 1 } }}' }), 'From (Number) must be text, not an object'],
	['unreadable Start At', getMany({ startAt: 'yesterday' }), 'Start At is not a date and time n8n can read: "yesterday"'],
	['unreadable End At', getMany({ endAt: '31/31/2026' }), 'End At is not a date and time n8n can read'],
	['year 0 as Start At (Go zero time)', getMany({ startAt: '0001-01-01T00:00:00Z' }), 'Start At is not a date and time n8n can read'],
	['Start At later than End At', getMany({ startAt: '2026-02-01T00:00:00Z', endAt: '2026-01-01T00:00:00Z' }), 'is later than End At'],
	['direction that is a number from an expression', getMany({ direction: '={{ 5 }}' }), 'Direction must be one of incoming, outgoing, not "5"'],
	['negative older-than (delete many)', recording('deleteMany', { olderThanDays: -1 }), 'Older Than (Days) must be a number of days from 0 to 36500'],
	['huge older-than (delete many)', recording('deleteMany', { olderThanDays: 1e9 }), 'Older Than (Days) must be a number of days from 0 to 36500'],
	['max deletions above the ceiling', recording('deleteMany', { maxDeletions: 20_000 }), 'Max Deletions per Execution must be a whole number from 1 to 10000'],
	['max deletions 0', recording('deleteMany', { maxDeletions: 0 }), 'Max Deletions per Execution must be a whole number from 1 to 10000'],
	['dry run that is text', recording('deleteMany', { dryRun: 'no' }), 'Dry Run must be true or false'],
	['locale Bird does not transcribe', transcription('create', { recordingId: ID, locale: 'xx-XX' }), 'Locale must be one of ar-AE'],
	['locale in the wrong case', transcription('create', { recordingId: ID, locale: 'en-us' }), 'not "en-us"'],
	['empty locale from an expression', transcription('create', { recordingId: ID, locale: '={{ $json.missing }}' }), 'Locale must be one of'],
	['bad recording ID (transcription create)', transcription('create', { recordingId: 'abc', locale: 'en-US' }), 'Recording ID must be a Bird ID'],
	['bad transcription ID (get)', transcription('get', { transcriptionId: '7f1e9ce1' }), 'Transcription ID must be a Bird ID'],
	['empty transcription ID (get content)', transcription('getContent', { transcriptionId: '={{ $json.missing }}', format: 'txt' }), 'Transcription ID is empty'],
	['unknown content format', transcription('getContent', { transcriptionId: ID, format: 'pdf' }), 'Format must be one of json, srt, vtt, txt, not "pdf"'],
	['unknown content output', transcription('getContent', { transcriptionId: ID, format: 'txt', output: 'file' }), 'Output must be one of text, binary'],
	['empty binary field (get content)', transcription('getContent', { transcriptionId: ID, format: 'srt', output: 'binary', binaryPropertyName: '={{ " " }}' }), 'Put Output File in Field is empty'],
	['transcription limit 0', transcription('getMany', { limit: 0 }), 'Limit must be a whole number of 1 or more'],
	['request timeout 0', recording('get', { recordingId: ID, requestOptions: { timeoutSeconds: 0 } }), 'Timeout (Seconds) must be a number of seconds above 0'],
	['negative rate-limit wait', recording('get', { recordingId: ID, requestOptions: { maxRateLimitWaitSeconds: -1 } }), 'Max Wait on Rate Limit (Seconds) must be from 0 to 86400'],
	['workspace ID in the credential that is a name', recording('get', { recordingId: ID }), 'Workspace ID (in the credential) must be a Bird ID', { workspaceId: 'acme' }],
	['empty workspace ID in the credential', recording('get', { recordingId: ID }), 'Workspace ID (in the credential) is empty', { workspaceId: '' }],
	['base URL in the credential that is not a URL', recording('get', { recordingId: ID }), "The credential's Base URL is not a URL", { baseUrl: 'api.bird.com' }],
	['negative requests per second in the credential', recording('get', { recordingId: ID }), "The credential's Requests per Second must be a number from 0 to 1000", { requestsPerSecond: -1 }],
];

describeBadInputs(badInputCases, {
	start: async () => (sandbox = await startSandbox()),
	requestCount: () => sandbox.log.length,
	resetLog: () => sandbox.resetLog(),
	credentials: (overrides) => birdCredentials(sandbox, overrides),
	run: runAction,
	nodeName: NODE_NAME,
});

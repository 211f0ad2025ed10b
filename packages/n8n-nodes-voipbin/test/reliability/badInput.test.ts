import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';
import { accessKeyCredentials, NODE_NAME, runAction, startSandbox } from '../harness/voipbin';

const ID = 'f27d65bc-2f10-49e1-a49d-a7762965df13';
const recording = (operation: string, extra: IDataObject = {}) => ({ resource: 'recording', operation, ...extra });
const transcription = (operation: string, extra: IDataObject = {}) => ({ resource: 'transcription', operation, ...extra });
const getMany = (extra: IDataObject) => recording('getMany', { returnAll: false, limit: 10, ...extra });
const NOT_UUID = 'must be a VoIPbin ID (a UUID';

/** [what, node parameters, expected message (a part of it), credential overrides] */
export const badInputCases: Array<[string, IDataObject, string, IDataObject?]> = [
	['empty recording ID from an expression', recording('get', { recordingId: '={{ $json.missing }}' }), 'Recording ID is empty'],
	['numeric recording ID (a VBC one)', recording('get', { recordingId: '193228' }), `Recording ID ${NOT_UUID}`],
	['Kazoo recording ID', recording('get', { recordingId: '202611-0af44de77453d7c1ca94e362cfec2422' }), `Recording ID ${NOT_UUID}`],
	['path traversal in recording ID', recording('get', { recordingId: `../${ID}` }), `Recording ID ${NOT_UUID}`],
	['query in recording ID', recording('get', { recordingId: `${ID}?accesskey=x` }), `Recording ID ${NOT_UUID}`],
	['encoded slash in recording ID', recording('delete', { recordingId: `${ID}%2F..` }), `Recording ID ${NOT_UUID}`],
	['UUID without dashes', recording('delete', { recordingId: ID.replace(/-/g, '') }), `Recording ID ${NOT_UUID}`],
	['UUID with a non-hex letter', recording('get', { recordingId: ID.replace('f', 'g') }), `Recording ID ${NOT_UUID}`],
	['object as recording ID', recording('get', { recordingId: '={{ { id: 1 } }}' }), 'Recording ID must be text, not an object'],
	['array as recording ID', recording('delete', { recordingId: '={{ [1, 2] }}' }), 'Recording ID must be text, not an object'],
	['bad recording ID (download)', recording('download', { recordingId: 'x', binaryPropertyName: 'data' }), `Recording ID ${NOT_UUID}`],
	['empty binary field (download)', recording('download', { recordingId: ID, binaryPropertyName: ' ' }), 'Put Output File in Field is empty'],
	['object as binary field (download)', recording('download', { recordingId: ID, binaryPropertyName: '={{ [1] }}' }), 'Put Output File in Field must be text, not an object'],
	['limit 0', getMany({ limit: 0 }), 'Limit must be a whole number of 1 or more, not "0"'],
	['negative limit', getMany({ limit: -5 }), 'Limit must be a whole number of 1 or more'],
	['fractional limit', getMany({ limit: 2.5 }), 'Limit must be a whole number of 1 or more'],
	['limit that is text', getMany({ limit: 'ten' }), 'Limit must be a whole number of 1 or more'],
	['Return All that is text', recording('getMany', { returnAll: 'yes' }), 'Return All must be true or false'],
	['unreadable Created After', getMany({ filters: { createdAfter: 'yesterday' } }), 'Created After is not a date and time n8n can read: "yesterday"'],
	['unreadable Created Before', getMany({ filters: { createdBefore: '31/31/2026' } }), 'Created Before is not a date and time n8n can read'],
	['Created After later than Created Before', getMany({ filters: { createdAfter: '2026-02-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' } }), 'is later than Created Before'],
	['year 0 as Created After', getMany({ filters: { createdAfter: '0000-01-01T00:00:00Z' } }), 'Created After is not a date and time n8n can read'],
	['unknown status (imported JSON)', getMany({ filters: { status: ['finished'] } }), 'Status must be one of initiating, recording, stopping, ended, not "finished"'],
	['empty status list', getMany({ filters: { status: [] } }), 'Status must be a list of states'],
	['status that is an object', getMany({ filters: { status: '={{ { a: 1 } }}' } }), 'Status must be a list of states'],
	['unknown reference type', getMany({ filters: { referenceType: 'conference' } }), 'Reference Type must be one of call, confbridge, not "conference"'],
	['reference ID that is a phone number', getMany({ filters: { referenceId: '+15551234567' } }), `Reference ID ${NOT_UUID}`],
	['status as text with an unknown state (expression)', getMany({ filters: { status: '={{ "ended, done" }}' } }), 'Status must be one of initiating, recording, stopping, ended, not "done"'],
	['simplify that is text', recording('get', { recordingId: ID, simple: 'maybe' }), 'Simplify must be true or false'],
	['negative older-than (delete many)', recording('deleteMany', { olderThanDays: -1 }), 'Older Than (Days) must be a number of days from 0 to 36500'],
	['huge older-than (delete many)', recording('deleteMany', { olderThanDays: 1e9 }), 'Older Than (Days) must be a number of days from 0 to 36500'],
	['max deletions above the ceiling', recording('deleteMany', { maxDeletions: 20_000 }), 'Max Deletions per Execution must be a whole number from 1 to 10000'],
	['max deletions 0', recording('deleteMany', { maxDeletions: 0 }), 'Max Deletions per Execution must be a whole number from 1 to 10000'],
	['dry run that is text', recording('deleteMany', { dryRun: 'no' }), 'Dry Run must be true or false'],
	['bad recording ID (start transcription)', transcription('start', { recordingId: 'rec-1', language: 'en-US' }), `Recording ID ${NOT_UUID}`],
	['empty language', transcription('start', { recordingId: ID, language: ' ' }), 'Language is empty'],
	['language that is a name', transcription('start', { recordingId: ID, language: 'English' }), 'Language must be a language tag such as en-US, not "English"'],
	['language with a query', transcription('start', { recordingId: ID, language: 'en-US&x=1' }), 'Language must be a language tag such as en-US'],
	['unknown direction (imported JSON)', transcription('start', { recordingId: ID, direction: 'inbound' }), 'Direction must be one of both, in, out, not "inbound"'],
	['bad recording ID (transcriptions)', transcription('getMany', { recordingId: '1', returnAll: true }), `Recording ID ${NOT_UUID}`],
	['limit 0 (transcriptions)', transcription('getMany', { recordingId: ID, returnAll: false, limit: 0 }), 'Limit must be a whole number of 1 or more'],
	['bad transcription ID', transcription('getTranscript', { transcriptionId: 'latest' }), `Transcription ID ${NOT_UUID}`],
	['empty transcription ID', transcription('getTranscript', { transcriptionId: '={{ $json.missing }}' }), 'Transcription ID is empty'],
	['request timeout 0', recording('get', { recordingId: ID, requestOptions: { timeoutSeconds: 0 } }), 'Timeout (Seconds) must be a number of seconds above 0'],
	['negative rate-limit wait', recording('get', { recordingId: ID, requestOptions: { maxRateLimitWaitSeconds: -1 } }), 'Max Wait on Rate Limit (Seconds) must be a number from 0 to 86400'],
	['base URL in the credential that is not a URL', recording('get', { recordingId: ID }), "The credential's Base URL is not a URL", { baseUrl: 'api.voipbin.net' }],
	['base URL with another scheme', recording('get', { recordingId: ID }), "The credential's Base URL is not a URL", { baseUrl: 'ftp://api.voipbin.net' }],
	['negative requests per second in the credential', recording('get', { recordingId: ID }), "The credential's Requests per Second must be a number from 0 to 1000", { requestsPerSecond: -1 }],
	['fractional burst in the credential', recording('get', { recordingId: ID }), "The credential's Burst must be a whole number from 1 to 1000", { burst: 2.5 }],
];

describe(`Bad input: ${badInputCases.length} cases, each a clear error and zero requests`, () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ recordingCount: 1 });
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => sandbox.resetLog());

	it('there are at least 40', () => expect(badInputCases.length).toBeGreaterThanOrEqual(40));

	it.each(badInputCases)('%s', async (...row) => {
		const [, parameters, message, credentialOverrides] = row;
		const run = await runAction(accessKeyCredentials(sandbox, credentialOverrides ?? {}), parameters as INodeParameters);
		const error = run.error(NODE_NAME) as unknown as { message: string; description: string };
		expect(error?.message).toContain(message);
		if (!message.startsWith('The credential')) expect(error.description).toMatch(/^Field: /);
		expect(sandbox.log).toHaveLength(0);
	});
});

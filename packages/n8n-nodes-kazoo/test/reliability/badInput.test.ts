import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { KazooSandbox } from '../../sandbox/server';
import { apiKeyCredentials, NODE_NAME, runAction, startSandbox } from '../harness/kazoo';

const ID = '202611-0af44de77453d7c1ca94e362cfec2422';
const USER = 'c1a2b3c4d5e6f708192a3b4c5d6e7f80';
const recording = (operation: string, extra: IDataObject = {}) => ({ resource: 'recording', operation, ...extra });
const getMany = (extra: IDataObject) => recording('getMany', { scope: 'account', returnAll: false, limit: 10, ...extra });
const fieldFilter = (filter: IDataObject) => ({ fieldFilters: { filter: [filter] } });

/** [what, node parameters, expected message (a part of it), credential overrides] */
export const badInputCases: Array<[string, IDataObject, string, IDataObject?]> = [
	['empty recording ID', recording('get', { recordingId: '={{ $json.missing }}' }), 'Recording ID is empty'],
	['numeric recording ID (a VBC one)', recording('get', { recordingId: '193228' }), 'Recording ID must be the ID of a Kazoo recording, such as 202611-'],
	['path traversal in recording ID', recording('get', { recordingId: `../${ID}` }), 'Recording ID must be the ID of a Kazoo recording'],
	['query in recording ID', recording('get', { recordingId: `${ID}?accept=audio/mpeg` }), 'Recording ID must be the ID of a Kazoo recording'],
	['month 13 in recording ID', recording('get', { recordingId: '202613-0af44de77453d7c1ca94e362cfec2422' }), 'Recording ID must be the ID'],
	['letters as month in recording ID', recording('delete', { recordingId: 'abcdef-0af44de77453d7c1ca94e362cfec2422' }), 'Recording ID must be the ID'],
	['short random part', recording('delete', { recordingId: '202611-0af4' }), 'Recording ID must be the ID'],
	['object as recording ID', recording('get', { recordingId: '={{ { id: 1 } }}' }), 'Recording ID must be text, not an object'],
	['encoded slash in recording ID', recording('delete', { recordingId: '202611-%2F..%2F' }), 'Recording ID must be the ID'],
	['bad recording ID (download)', recording('download', { recordingId: 'x', binaryPropertyName: 'data' }), 'Recording ID must be the ID'],
	['empty binary field (download)', recording('download', { recordingId: ID, binaryPropertyName: ' ' }), 'Put Output File in Field is empty'],
	['object as binary field (download)', recording('download', { recordingId: ID, binaryPropertyName: '={{ [1] }}' }), 'Put Output File in Field must be text, not an object'],
	['bad recording ID (update)', recording('updateMetadata', { recordingId: '1', userMetadata: '{}' }), 'Recording ID must be the ID'],
	['metadata that is not JSON', recording('updateMetadata', { recordingId: ID, userMetadata: '{tags:' }), 'User Metadata (JSON) is not valid JSON'],
	['metadata that is an array', recording('updateMetadata', { recordingId: ID, userMetadata: '[1,2]' }), 'User Metadata (JSON) must be a JSON object'],
	['metadata that is a number', recording('updateMetadata', { recordingId: ID, userMetadata: '42' }), 'User Metadata (JSON) must be a JSON object'],
	['user scope with an empty user ID from an expression', recording('getMany', { scope: 'user', userId: '={{ $json.missing }}', returnAll: true }), 'User ID is empty'],
	['user ID that is a name', recording('getMany', { scope: 'user', userId: 'alice', returnAll: true }), 'User ID must be a 32-character Kazoo ID'],
	['path traversal in user ID', recording('getMany', { scope: 'user', userId: `../${USER}`, returnAll: true }), 'User ID must be a 32-character Kazoo ID'],
	['unknown scope (imported JSON)', recording('getMany', { scope: 'company', returnAll: true }), 'Scope must be one of account, user, not "company"'],
	['limit 0', getMany({ limit: 0 }), 'Limit must be a whole number of 1 or more, not "0"'],
	['negative limit', getMany({ limit: -5 }), 'Limit must be a whole number of 1 or more'],
	['fractional limit', getMany({ limit: 2.5 }), 'Limit must be a whole number of 1 or more'],
	['limit that is text', getMany({ limit: 'ten' }), 'Limit must be a whole number of 1 or more'],
	['Return All that is text', recording('getMany', { scope: 'account', returnAll: 'yes' }), 'Return All must be true or false'],
	['unreadable Created After', getMany({ createdAfter: 'yesterday' }), 'Created After is not a date and time n8n can read: "yesterday"'],
	['unreadable Created Before', getMany({ createdBefore: '31/31/2026' }), 'Created Before is not a date and time n8n can read'],
	['Created After later than Created Before', getMany({ createdAfter: '2026-02-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' }), 'is later than Created Before'],
	['year 0 as Created After', getMany({ createdAfter: '0000-01-01T00:00:00Z' }), 'Created After is not a date and time n8n can read'],
	['unknown sort (imported JSON)', getMany({ sort: 'start:DESC' }), 'Sort must be one of newestFirst, oldestFirst'],
	['unknown direction', getMany({ filters: { direction: 'sideways' } }), 'Direction must be one of inbound, outbound, not "sideways"'],
	['owner that is not an ID', getMany({ filters: { ownerId: 'bob' } }), 'Owner (User ID) must be a 32-character Kazoo ID'],
	['field filter with a query in the field', getMany({ filters: fieldFilter({ field: 'direction&paginate=false', value: 'x' }) }), 'Field Filters: Field must be a field of the recording'],
	['field filter with an empty field', getMany({ filters: fieldFilter({ field: '', value: 'x' }) }), 'Field Filters: Field must be a field of the recording'],
	['field filter value that is an object', getMany({ filters: fieldFilter({ field: 'direction', value: '={{ { a: 1 } }}' }) }), 'Field Filters: Value must be text, not an object'],
	['simplify that is text', recording('get', { recordingId: ID, simple: 'maybe' }), 'Simplify must be true or false'],
	['negative older-than (delete many)', recording('deleteMany', { olderThanDays: -1 }), 'Older Than (Days) must be a number of days from 0 to 36500'],
	['huge older-than (delete many)', recording('deleteMany', { olderThanDays: 1e9 }), 'Older Than (Days) must be a number of days from 0 to 36500'],
	['look-back 0 (delete many)', recording('deleteMany', { lookBackDays: 0 }), 'Look Back (Days) must be a whole number from 1 to 36500'],
	['max deletions above the ceiling', recording('deleteMany', { maxDeletions: 20_000 }), 'Max Deletions per Execution must be a whole number from 1 to 10000'],
	['dry run that is text', recording('deleteMany', { dryRun: 'no' }), 'Dry Run must be true or false'],
	['request timeout 0', recording('get', { recordingId: ID, requestOptions: { timeoutSeconds: 0 } }), 'Timeout (Seconds) must be a number of seconds above 0'],
	['negative rate-limit wait', recording('get', { recordingId: ID, requestOptions: { maxRateLimitWaitSeconds: -1 } }), 'Max Wait on Rate Limit (Seconds) must be 0 or more, at most 86400'],
	['account ID in the credential that is a name', recording('get', { recordingId: ID }), 'Account ID (in the credential) must be a 32-character Kazoo ID', { accountId: 'acme' }],
	['empty account ID in the credential', recording('get', { recordingId: ID }), 'Account ID (in the credential) is empty', { accountId: '' }],
	['base URL in the credential that is not a URL', recording('get', { recordingId: ID }), "The credential's Base URL is not a URL", { baseUrl: 'pbx.example.com' }],
	['negative requests per second in the credential', recording('get', { recordingId: ID }), "The credential's Requests per Second must be a number from 0 to 1000", { requestsPerSecond: -1 }],
];

describe(`Bad input: ${badInputCases.length} cases, each a clear error and zero requests`, () => {
	let sandbox: KazooSandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => sandbox.resetLog());

	it('there are at least 40', () => expect(badInputCases.length).toBeGreaterThanOrEqual(40));

	// One argument, spread inside: jest treats a test function with more parameters than the row as
	// one that takes a `done` callback.
	it.each(badInputCases)('%s', async (...row) => {
		const [, parameters, message, credentialOverrides] = row;
		const run = await runAction(apiKeyCredentials(sandbox, credentialOverrides ?? {}), parameters as INodeParameters);
		const error = run.error(NODE_NAME) as unknown as { message: string; description: string };
		expect(error?.message).toContain(message);
		if (!credentialOverrides && !message.startsWith('The credential')) expect(error.description).toMatch(/^Field: /);
		expect(sandbox.log).toHaveLength(0);
	});
});

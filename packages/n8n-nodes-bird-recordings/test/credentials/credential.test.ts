import { Workflow, type INodeParameters } from 'n8n-workflow';

import { BirdRecordingsApi } from '../../credentials/BirdRecordingsApi.credentials';
import type { Sandbox } from '../../sandbox/server';
import { startSandbox } from '../harness/bird';

/**
 * The credential's test request and its AccessKey header, resolved by n8n-workflow's own expression
 * engine (as n8n resolves them when "Test" is pressed), then sent to the sandbox.
 */
async function credentialTest(data: Record<string, unknown>): Promise<number> {
	const credential = new BirdRecordingsApi();
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never });
	const resolve = (value: unknown) =>
		workflow.expression.getParameterValue(value as INodeParameters[string], null, 0, 0, 'test', [], 'internal', { $credentials: data } as never);
	const { request } = credential.test;
	const authorization = resolve(credential.authenticate.properties.headers!.Authorization);
	const url = new URL(`${String(resolve(request.baseURL))}${String(resolve(request.url))}`);
	for (const [key, value] of Object.entries(request.qs ?? {})) url.searchParams.set(key, String(value));
	const response = await fetch(url, { headers: { ...(request.headers as Record<string, string>), authorization: String(authorization) } });
	return response.status;
}

describe('Credential "Bird Recordings API": its test request (n8n expressions, sandbox)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ recordingCount: 3 });
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => sandbox.resetLog());

	it('lists one recording with AccessKey, from a base URL with a trailing slash and spaces', async () => {
		expect(await credentialTest({ apiKey: ` ${sandbox.accessKey} `, workspaceId: sandbox.workspaceId, baseUrl: `${sandbox.url}/ ` })).toBe(200);
		const [entry] = sandbox.apiRequests();
		expect(entry.path).toBe(`/workspaces/${sandbox.workspaceId}/recordings`);
		expect(entry.query).toEqual({ limit: '1' });
		expect(entry.headers.authorization).toBe(`AccessKey ${sandbox.accessKey}`);
	});

	it('fails for a wrong key (401) and for another workspace (403)', async () => {
		expect(await credentialTest({ apiKey: 'wrong', workspaceId: sandbox.workspaceId, baseUrl: sandbox.url })).toBe(401);
		expect(await credentialTest({ apiKey: sandbox.accessKey, workspaceId: '00000000-0000-4000-8000-000000000000', baseUrl: sandbox.url })).toBe(403);
	});
});

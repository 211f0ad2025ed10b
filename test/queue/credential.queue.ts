/**
 * Scenarios 4 and 5: one credential spent by two workers at once. Twenty webhook executions (Get Many with
 * Return All, then a Download) against a sandbox quota of 10 requests per window; then the OAuth2 access
 * token expires while executions run on both workers and the sandbox rotates the refresh token on every
 * use; then the same for the integration-user credential (password grant).
 */
import { portsOf } from '../../scripts/lib/queue-cluster';
import { startSink } from '../../scripts/lib/sink';
import { chainWorkflow, sandboxIntegrationUserCredential, sandboxOAuth2Credential, sinkNode } from '../../scripts/lib/workflows';
import { BLOCKS, clusterWithPackage, executions, LINES, report, runScenario, startSandbox, waitFor, workerOfEachExecution, type Line } from './harness';
import { callWebhook, limitNode, processSinkNode, webhookNode } from './workflows';

const QUOTA = { requests: 10, windowSeconds: 10 };
const EXECUTIONS = 20;
const lines: Array<[Line, number]> = LINES.map((line) => [line, line === 'current' ? BLOCKS.credential : BLOCKS.credential + 40]);

function quotaWorkflow(id: string, path: string, credential: object, sinkUrl: string, authentication?: string) {
	const auth = authentication ? { authentication } : {};
	return chainWorkflow({
		id,
		nodes: [
			webhookNode(path),
			{ name: 'List', parameters: { ...auth, resource: 'recording', operation: 'getMany', scope: 'company', returnAll: true }, credential },
			limitNode(1),
			{
				name: 'Download',
				parameters: { ...auth, resource: 'recording', operation: 'download', scope: 'company', recordingId: '={{ $json.id }}', binaryPropertyName: 'data' },
				credential,
			},
			processSinkNode(sinkNode, sinkUrl, "$('First').item.json.id"),
		],
	});
}

it.concurrent.each(lines)(
	'n8n %s in queue mode: one credential on two workers: the quota, and token renewal races (OAuth2 and integration user)',
	async (line, basePort) => {
		const name = `q_credential_${line}`;
		const log = (message: string) => process.stdout.write(`[credential ${line}] ${message}\n`);
		const sandbox = await startSandbox(basePort, {
			companyRecordings: 0,
			quotaPerMinute: QUOTA.requests,
			quotaWindowMs: QUOTA.windowSeconds * 1000,
		});
		for (let i = 0; i < 20; i++) sandbox.addRecording({ duration: 10_000 });
		const sink = await startSink({ port: portsOf(basePort).sink });
		const cluster = await clusterWithPackage(line, name, basePort);
		await runScenario({ cluster, log, closers: [() => sink.close(), () => sandbox.stop()] }, async () => {
			const tokens = sandbox.issueTokens();
			const oauth2 = {
				...sandboxOAuth2Credential(sandbox, { tokens, requestsPerMinute: QUOTA.requests }),
			};
			(oauth2.data as Record<string, unknown>).quotaWindowSeconds = QUOTA.windowSeconds;
			const user = sandboxIntegrationUserCredential(sandbox);
			await cluster.main.importCredentials([oauth2, user]);
			await cluster.main.importWorkflows([
				quotaWorkflow('queueQuota', 'vbc-quota', oauth2, sink.url),
				quotaWorkflow('queueUser', 'vbc-user', user, sink.url, 'integrationUser'),
			]);
			await cluster.main.activateWorkflow('queueQuota');
			await cluster.main.activateWorkflow('queueUser');
			await cluster.start();
			log('main and 2 workers ready');
			const settled = async (count: number) => {
				const records = (await executions(name)).filter((e) => e.mode === 'webhook');
				return records.length >= count && records.every((e) => !['new', 'running', 'waiting'].includes(e.status));
			};
			const failedOf = async () => (await executions(name)).filter((e) => e.mode === 'webhook' && e.status !== 'success');
			const apiSince = (at: number) => sandbox.log.filter((e) => e.at >= at && e.path.startsWith('/t/'));
			const tokenSince = (at: number) => sandbox.log.filter((e) => e.at >= at && e.path === '/token');

			// Scenario 4: twenty executions at once against 10 requests per 10 s.
			let startedAt = Date.now();
			const statuses = await callWebhook(cluster.main.url, 'vbc-quota', EXECUTIONS);
			await waitFor('twenty executions to finish', () => settled(EXECUTIONS), 600_000);
			const finishedAt = (await executions(name)).map((e) => new Date(e.stoppedAt ?? 0).getTime());
			const quotaSeconds = (Math.max(...finishedAt) - startedAt) / 1000;
			const requests = apiSince(startedAt);
			const tooMany = requests.filter((e) => e.status === 429).length;
			const accepted = requests.length - tooMany;
			const floorSeconds = (Math.ceil(accepted / QUOTA.requests) - 1) * QUOTA.windowSeconds;
			const ranBy = workerOfEachExecution(cluster);
			const quotaFailed = await failedOf();
			report(`scenario 4 (${line})`, {
				executions: EXECUTIONS,
				webhookStatuses: [...new Set(statuses)],
				failed: quotaFailed.length,
				apiRequests: requests.length,
				accepted,
				http429: tooMany,
				seconds: quotaSeconds.toFixed(1),
				quotaFloorSeconds: floorSeconds,
				byWorker: Object.fromEntries(cluster.workers.map((w) => [w.name, [...ranBy.values()].filter((v) => v === w.name).length])),
			});
			expect(quotaFailed.map((e) => `${e.id}:${e.status}`)).toEqual([]);
			expect(sink.received).toHaveLength(EXECUTIONS);
			expect(new Set(ranBy.values()).size).toBe(2);

			// Scenario 5: the OAuth2 access token expires while ten executions run on both workers.
			sandbox.options.quotaPerMinute = null;
			sandbox.expireAccessToken(tokens.access_token);
			startedAt = Date.now();
			await callWebhook(cluster.main.url, 'vbc-quota', 10);
			await waitFor('ten executions after the expiry', () => settled(EXECUTIONS + 10), 300_000);
			const renewals = tokenSince(startedAt);
			const failedAfterExpiry = await failedOf();
			const stored = await cluster.main.credentialData(oauth2.id);
			const storedToken = stored.oauthTokenData as { access_token: string; refresh_token: string };
			const storedRefreshValid = sandbox.isRefreshTokenValid(storedToken.refresh_token);
			// A further expiry, then one more execution: the stored refresh token must still work.
			sandbox.expireAccessToken(storedToken.access_token);
			const afterAt = Date.now();
			await callWebhook(cluster.main.url, 'vbc-quota', 1);
			await waitFor('the check execution', () => settled(EXECUTIONS + 11), 120_000);
			const checkFailed = (await failedOf()).length - failedAfterExpiry.length;
			report(`scenario 5 OAuth2 (${line})`, {
				executions: 10,
				failed: failedAfterExpiry.length,
				refreshRequests: renewals.length,
				refreshRejected: renewals.filter((e) => e.status !== 200).length,
				storedRefreshTokenValid: storedRefreshValid,
				checkExecutionAfterFurtherExpiry: checkFailed === 0 ? 'success' : 'failed',
				checkRefreshRequests: tokenSince(afterAt).length,
			});

			// Scenario 5, integration user: ten executions at once, each worker signs in when it has no token.
			startedAt = Date.now();
			await callWebhook(cluster.main.url, 'vbc-user', 10);
			await waitFor('ten integration-user executions', () => settled(EXECUTIONS + 21), 300_000);
			const signIns = tokenSince(startedAt);
			const userFailed = (await failedOf()).length - failedAfterExpiry.length - checkFailed;
			report(`scenario 5 integration user (${line})`, {
				executions: 10,
				failed: userFailed,
				signIns: signIns.length,
				signInsRejected: signIns.filter((e) => e.status !== 200).length,
			});
			expect(failedAfterExpiry.map((e) => `${e.id}:${e.status}`)).toEqual([]);
			expect(storedRefreshValid).toBe(true);
			expect(checkFailed).toBe(0);
			expect(userFailed).toBe(0);
		});
	},
	1_200_000,
);

import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

/**
 * Two executions that renew one OAuth2 credential at the same time. VBC rotates refresh tokens: the first
 * renewal kills the refresh token, so the second one is refused (invalid_grant) although the credential is
 * fine: the first execution is storing the new tokens. n8n 2.40 serialises renewals per credential (over
 * Redis in queue mode); n8n 1.x does not, and even 2.40 renews without coordination when it cannot get
 * the lease in time. Then the node reads the credential again (n8n does on every authenticated request)
 * and asks once more.
 */

/** How long to let the other execution store its tokens: a second, plus up to a second of jitter. */
const STORE_WAIT_MS = 1000;

/** Whether a failed authenticated request failed because its renewal presented a used refresh token. */
export function isRefusedRenewal(error: unknown): boolean {
	for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		// n8n 1.x: the token endpoint's answer, kept on the OAuth2 client's error.
		if ((current as { body?: { error?: unknown } }).body?.error === 'invalid_grant') return true;
		// n8n 2.x turns exactly that answer into its "reconnect the credential" error.
		if (
			current instanceof NodeOperationError &&
			current.failure?.cause === 'credential-invalid' &&
			/needs to be reconnected/.test(current.message)
		) {
			return true;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

/**
 * After a refused renewal, waits for the other execution to store its tokens and sends the request once
 * more (it reads the stored credential again). Returns undefined when the failure was something else.
 */
export async function retryAfterRefusedRenewal(
	failure: unknown,
	retry: () => Promise<{ response?: IN8nHttpFullResponse; failure?: unknown }>,
	random: () => number = Math.random,
): Promise<{ response?: IN8nHttpFullResponse; failure?: unknown } | undefined> {
	if (!isRefusedRenewal(failure)) return undefined;
	await sleep(STORE_WAIT_MS + Math.round(random() * STORE_WAIT_MS));
	return await retry();
}

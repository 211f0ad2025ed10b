import type { IDataObject } from 'n8n-workflow';

import type { FailureFacts, ProviderWording } from '../../../core/errors';

/** The answer text of S3-style storage errors (XML): only `Code` and `Message` are read. */
function storageError(body: string): { code?: string; message?: string } | undefined {
	if (!/<Error>/i.test(body)) return undefined;
	const tag = (name: string) => new RegExp(`<${name}>([^<]{0,200})</${name}>`, 'i').exec(body)?.[1]?.trim();
	return { code: tag('Code'), message: tag('Message') };
}

/**
 * Bird's message, naming its machine `code`: `{code, message, details}` (Voice `error.detailed`), also
 * inside `{error: {…}}` as Bird's newer API nests it. `details` lists reasons per member. The
 * storage host's XML errors give only their Code and Message: S3 echoes a refused Authorization
 * header in `ArgumentValue`, so the body is never shown as it came.
 */
export function birdApiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const storage = storageError(body);
		if (storage) return [storage.code, storage.message].filter(Boolean).join(': ') || undefined;
		const text = body.trim();
		return text && !text.startsWith('<') ? text.slice(0, 300) : undefined;
	}
	if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return undefined;
	const outer = body as IDataObject;
	const error = (outer.error && typeof outer.error === 'object' ? outer.error : outer) as IDataObject;
	const code = typeof error.code === 'string' ? error.code : undefined;
	const message = typeof error.message === 'string' ? error.message : undefined;
	const details =
		error.details && typeof error.details === 'object' && !Array.isArray(error.details)
			? Object.entries(error.details as IDataObject)
					.map(([member, reasons]) => `${member}: ${Array.isArray(reasons) ? reasons.join(', ') : String(reasons)}`)
					.join('; ')
			: '';
	const head = code && message ? `${code}: ${message}` : (code ?? message);
	return [head, details].filter(Boolean).join(' — ').slice(0, 300) || undefined;
}

/** Marks the error of a pre-signed link that expired before it was read, so Download can ask for a fresh one. */
export const EXPIRED_LINK = 'The pre-signed link to';

const isStorageBody = (body: unknown) => typeof body === 'string' && /<Error>/i.test(body);

function forStatus({ status, said, subject, body, apiMessage }: FailureFacts) {
	if (isStorageBody(body)) {
		if (status === 403 && /expired/i.test(apiMessage ?? '')) {
			return {
				message: `${EXPIRED_LINK} ${subject} expired before it was read (Bird's links are valid for 600 s).${said}`,
				description: 'Run the node again: each run asks Bird for a fresh link.',
				failureCause: undefined,
			};
		}
		return {
			message: `The storage host that Bird sent ${subject} to refused the request (HTTP ${status}).${said}`,
			description: 'Run the node again for a fresh link; if it persists, the file may have been deleted.',
			failureCause: undefined,
		};
	}
	switch (status) {
		case 400:
		case 422:
			return {
				message: `Bird rejected the request as invalid.${said}`,
				description: 'Check the IDs, dates, filters and locale of this node.',
			};
		case 401:
			return {
				message: `Bird did not accept the access key.${said}`,
				description:
					'Check the Access Key in the credential (Bird → Settings → Security → Access keys). It is sent as "Authorization: AccessKey <key>".',
			};
		case 403:
			return {
				message: `The access key may not do this in this workspace.${said}`,
				description: "Check the credential's Workspace ID, and that the key's access role covers recordings and transcriptions.",
			};
		case 404:
			return {
				message: `Not found: ${subject} does not exist, was deleted, or is not ready.${said}`,
				description: "Check the ID and the credential's Workspace ID. Audio and transcripts exist only once their status is available.",
			};
		case 429:
			return {
				message: `Bird's rate limit for this access key is used up.${said}`,
				description: 'Lower Requests per Second in the credential, or run fewer items at once.',
			};
		default:
			return undefined;
	}
}

export const birdWording: ProviderWording = {
	name: 'Bird',
	tokenName: 'your Bird access key',
	foreignHostAdvice: "If your Bird API really answers on another host, set the credential's Base URL to it.",
	unreachableAdvice: "Check the credential's Base URL (https://api.bird.com) and the network.",
	serverErrorAdvice: 'This is on Bird’s side; try again in a few minutes.',
	rateLimited: (waited) => ({
		message: `Bird's rate limit for this access key is used up, and it was still used up after waiting ${waited} s`,
		description:
			'Lower Requests per Second in the credential, raise Max Wait on Rate Limit in Request Options, or run fewer items at once.',
	}),
	forStatus,
	apiMessageOf: birdApiMessage,
};

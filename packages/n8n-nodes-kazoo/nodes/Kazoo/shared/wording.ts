import type { IDataObject } from 'n8n-workflow';

import type { FailureFacts, ProviderWording } from '../../../core/errors';

/**
 * Kazoo's error envelope: `message` is an atom (`validation error`, `bad_identifier`), the human text
 * is in `data` — `data.message`, or per field `data.<field>.<rule>.message` for validation errors.
 * The envelope also echoes `auth_token`: only these texts are read from it, never the whole body.
 */
export function kazooApiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
	if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return undefined;
	const envelope = body as IDataObject;
	const data = envelope.data as IDataObject | undefined;
	const texts: string[] = [];
	if (data && typeof data === 'object' && !Array.isArray(data)) {
		if (typeof data.message === 'string') texts.push(data.message);
		for (const [field, rules] of Object.entries(data)) {
			if (!rules || typeof rules !== 'object' || Array.isArray(rules)) continue;
			for (const [rule, detail] of Object.entries(rules as IDataObject)) {
				const message = (detail as IDataObject | undefined)?.message;
				if (typeof message === 'string') texts.push(`${field}: ${message}`);
				else if (typeof detail === 'string' && rule === 'message') texts.push(detail);
			}
		}
	}
	if (texts.length === 0 && typeof envelope.message === 'string') texts.push(envelope.message);
	return texts.join(' — ').slice(0, 300) || undefined;
}

/** The 405 answer to Update Metadata, in the words the user needs. */
export const PATCH_NOT_SUPPORTED =
	'This Kazoo cluster does not allow changing recordings (HTTP 405 Method Not Allowed): Update Metadata needs hosted Kazoo 5.x, which has PATCH of user_metadata; open-source Kazoo 4.x clusters allow only GET and DELETE on recordings';

function forStatus({ status, said, subject, body, apiMessage }: FailureFacts) {
	const data = (body as IDataObject | undefined)?.data as IDataObject | undefined;
	switch (status) {
		case 400:
			return {
				message: `Kazoo rejected the request as invalid.${said}`,
				description: 'Check the dates, filters and IDs of this node.',
			};
		case 401:
			return {
				message: 'Kazoo did not accept the credential: its token was refused, and so was a fresh one.',
				description:
					"Check the credential: its API key, or its username, password and account, and that the Account ID is the account the key or user belongs to.",
			};
		case 403:
			return {
				message: `The Kazoo user or key behind this credential may not do this.${said}`,
				description:
					"Check that the credential's Account ID is the account it signs in to (or one below it, for a reseller), and the user's privilege level.",
			};
		case 404:
			if (data && typeof data === 'object' && 'details' in data) {
				return {
					message: `${subject} has no audio yet: Kazoo stores the audio after the recording's document, or keeps it on an external storage URL.`,
					description: 'Try again in a minute. In the list, a recording whose _read_only.content_types is [] has no audio yet.',
					failureCause: undefined,
				};
			}
			if (apiMessage && /page size/.test(apiMessage)) {
				return { message: `Kazoo refused the page size.${said}`, description: 'This is a bug in the node; please report it.' };
			}
			return {
				message: `Not found: ${subject} does not exist, was deleted, or is not in this account.${said}`,
				description: "Check the ID, and the credential's Account ID.",
			};
		case 405:
			return {
				message: `Kazoo does not allow this on ${subject} (HTTP 405 Method Not Allowed).${said}`,
				description: 'Your Kazoo version does not have this operation.',
			};
		case 409:
			return {
				message: `Kazoo reports a conflict for ${subject}.${said}`,
				description: 'Someone changed it at the same time; try again.',
			};
		case 429:
			return {
				message: `Kazoo's rate limit for this account is used up.${said}`,
				description:
					"Kazoo allows bursts of 100 requests and 10 a second per client address and account by default, and each sign-in costs 35. Lower Requests per Second in the credential, or run fewer items at once.",
			};
		default:
			return undefined;
	}
}

export const kazooWording: ProviderWording = {
	name: 'Kazoo',
	tokenName: 'your Kazoo token',
	foreignHostAdvice: "If your Kazoo cluster really answers on another host, set the credential's Base URL to it.",
	unreachableAdvice: "Check the credential's Base URL (host, port 8000 or 8443, /v2) and the network.",
	serverErrorAdvice: 'This is on the Kazoo cluster; try again in a few minutes, or ask its administrator.',
	rateLimited: (waited) => ({
		message: `Kazoo's rate limit for this account is used up, and it was still used up after waiting ${waited} s`,
		description:
			"Kazoo allows bursts of 100 requests and 10 a second per client address and account by default, and each sign-in costs 35. Lower Requests per Second in the credential, raise Max Wait on Rate Limit in Request Options, or run fewer items at once.",
	}),
	forStatus,
	apiMessageOf: kazooApiMessage,
};

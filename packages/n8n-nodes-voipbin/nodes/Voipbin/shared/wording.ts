import type { IDataObject } from 'n8n-workflow';

import type { FailureFacts, ProviderWording } from '../../../core/errors';

/** VoIPbin's error envelope: `{error: {status, reason, message, request_id, details?}}`. */
export function voipbinError(body: unknown): IDataObject | undefined {
	const error = (body as IDataObject | undefined)?.error;
	return error && typeof error === 'object' && !Array.isArray(error) ? (error as IDataObject) : undefined;
}

/** The reason and message, with the request ID support asks for: `RECORDING_NOT_FOUND: … (request_id req_…)`. */
export function voipbinApiMessage(body: unknown): string | undefined {
	const error = voipbinError(body);
	if (!error) return typeof body === 'string' && body.trim() && !body.includes('<') ? body.trim().slice(0, 200) : undefined;
	const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, 200) : undefined);
	const reason = text(error.reason);
	const message = text(error.message);
	const requestId = text(error.request_id);
	const said = [reason, message].filter(Boolean).join(': ');
	return `${said}${requestId ? ` (request_id ${requestId})` : ''}`.trim() || undefined;
}

const reasonOf = (body: unknown): string => String(voipbinError(body)?.reason ?? '');

function forStatus({ status, said, subject, body }: FailureFacts) {
	const reason = reasonOf(body);
	switch (status) {
		case 400:
			return {
				message: `VoIPbin rejected the request as invalid.${said}`,
				description: 'Check the IDs and values of this node.',
			};
		case 401:
			return {
				message: `VoIPbin did not accept the credential.${said}`,
				description:
					'Check the access key (it may have expired or been deleted), or the username and password. A login token was renewed once before this error.',
			};
		case 403:
			if (reason === 'ACCOUNT_FROZEN') {
				return { message: `The VoIPbin account is frozen.${said}`, description: 'Sort it out in the VoIPbin admin console.' };
			}
			return {
				message: `The VoIPbin user or access key behind this credential may not do this, or ${subject} belongs to another customer.${said}`,
				description: 'Recordings and transcriptions need an agent with the CustomerAdmin or CustomerManager permission.',
			};
		case 404:
			if (reason === 'ROUTE_NOT_FOUND') {
				return {
					message: `VoIPbin has no such endpoint.${said}`,
					description: "Check the credential's Base URL: the API root, such as https://api.voipbin.net, without /v1.0.",
				};
			}
			return {
				message: `Not found: ${subject} does not exist or was deleted.${said}`,
				description: 'Check the ID, as Get Many returns it. A recording has audio only once its status is ended.',
			};
		case 409:
			return { message: `VoIPbin reports a conflict for ${subject}.${said}`, description: 'Try again.' };
		case 429:
			return {
				message: `VoIPbin's rate limit is used up.${said}`,
				description:
					"VoIPbin allows 16.7 requests a second per customer (bursts of 33) by default. Lower Requests per Second in the credential, or run fewer items at once.",
			};
		case 503:
			if (reason === 'SIGNING_NOT_CONFIGURED') {
				return {
					message: `This VoIPbin deployment cannot sign download URLs, so it serves no audio.${said}`,
					description: "Ask the VoIPbin deployment's administrator to configure storage signing.",
					failureCause: 'configuration-invalid' as const,
				};
			}
			return undefined;
		default:
			return undefined;
	}
}

export const voipbinWording: ProviderWording = {
	name: 'VoIPbin',
	tokenName: 'your VoIPbin access key or token',
	foreignHostAdvice: "If your VoIPbin really answers on another host, set the credential's Base URL to it.",
	unreachableAdvice: "Check the credential's Base URL (such as https://api.voipbin.net) and the network.",
	serverErrorAdvice: 'This is on the VoIPbin side; try again in a few minutes, and quote the request_id to VoIPbin support.',
	rateLimited: (waited) => ({
		message: `VoIPbin's rate limit was still used up after waiting ${waited} s`,
		description:
			'VoIPbin allows 16.7 requests a second per customer (bursts of 33) by default. Lower Requests per Second in the credential, raise Max Wait on Rate Limit in Request Options, or run fewer items at once.',
	}),
	forStatus,
	apiMessageOf: voipbinApiMessage,
};

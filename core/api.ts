import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { ProviderWording } from './errors';
import { InvalidInputError } from './validation';

/** Every n8n context a provider package sends requests from. */
export type ApiFunctions =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

/** A request quota: at most `requests` per `windowMs`, counted per `key` (one token, one credential). */
export interface Quota {
	/** Requests allowed per window; 0 turns pacing off. */
	requests: number;
	windowMs: number;
	key: string;
}

/**
 * Where a provider's API lives and how to talk to it, from the credential and the node's request
 * options. Each package builds one (its `get…Api`) and hands it to every core function.
 */
export interface ApiConnection {
	/** The API root, without a trailing slash; relative request URLs are below it. */
	baseUrl: string;
	/** The only origin the credential is ever sent to. */
	origin: string;
	/** The n8n credential type whose authentication each request gets. */
	credentialType: string;
	quota: Quota;
	maxRateLimitWaitMs: number;
	timeoutMs: number;
	/** How this provider's errors are told to the user. */
	wording: ProviderWording;
}

/** A node-level setting, read the way each kind of context reads parameters. */
export function nodeSetting(context: ApiFunctions, name: string, fallback: unknown): unknown {
	if ('getItemIndex' in context) return context.getNodeParameter(name, fallback);
	if ('getInputData' in context) return (context as IExecuteFunctions).getNodeParameter(name, 0, fallback);
	return (context as IPollFunctions).getNodeParameter(name, fallback);
}

/** A base URL as typed in a credential: trimmed, no trailing slash; `undefined` when it is not a URL. */
export function parseBaseUrl(value: unknown): { baseUrl: string; origin?: string } {
	const baseUrl = String(value ?? '')
		.trim()
		.replace(/\/+$/, '');
	try {
		const url = new URL(baseUrl);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return { baseUrl };
		return { baseUrl, origin: url.origin };
	} catch {
		return { baseUrl };
	}
}

/**
 * The node's Request Options (see `requestOptionsField` in descriptions.ts) in ms, checked: how long
 * to keep retrying after 429s in total, and how long one request may take.
 */
export function readRequestOptions(
	context: ApiFunctions,
	defaults: { maxWaitSeconds: number; timeoutSeconds: number },
): { maxRateLimitWaitMs: number; timeoutMs: number } {
	const options = nodeSetting(context, 'requestOptions', {}) as IDataObject;
	const maxWait = Number(options.maxRateLimitWaitSeconds ?? defaults.maxWaitSeconds);
	const timeout = Number(options.timeoutSeconds ?? defaults.timeoutSeconds);
	if (!Number.isFinite(maxWait) || maxWait < 0 || maxWait > 86_400) {
		throw new InvalidInputError('Max Wait on Rate Limit (Seconds)', 'Max Wait on Rate Limit (Seconds) must be 0 or more, at most 86400');
	}
	if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
		throw new InvalidInputError('Timeout (Seconds)', 'Timeout (Seconds) must be a number of seconds above 0, at most 86400');
	}
	return { maxRateLimitWaitMs: maxWait * 1000, timeoutMs: timeout * 1000 };
}

import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { apiRequest } from '../../../core/request';
import type { KazooApi } from './connection';
import { envelopeData } from '../resources/recording/get';

/**
 * Kazoo's webhooks app: one `object` hook per document action, pointing at n8n's webhook URL.
 * `doc_created` says a recording was stored; `doc_edited` says it changed, which is how the audio
 * arriving after the document is noticed.
 */
export const RECORDING_ACTIONS = ['doc_created', 'doc_edited'] as const;

const webhooksPath = (api: KazooApi) => `/accounts/${api.accountId}/webhooks`;
const HOOK_ID = /^[0-9a-zA-Z_-]{1,64}$/;

/** Registers the hooks; returns their IDs. */
export async function registerRecordingHooks(
	this: IHookFunctions,
	api: KazooApi,
	uri: string,
	actions: readonly string[],
): Promise<string[]> {
	const ids: string[] = [];
	for (const action of actions) {
		const { body } = await apiRequest.call(
			this,
			api,
			{
				method: 'PUT',
				url: webhooksPath(api),
				body: {
					data: {
						name: `n8n ${this.getWorkflow().id ?? ''} ${this.getNode().name} (${action})`.slice(0, 128),
						uri,
						http_verb: 'post',
						hook: 'object',
						format: 'json',
						retries: 2,
						include_subaccounts: false,
						custom_data: { type: 'call_recording', action },
					},
				},
			},
			{ subject: 'the webhook', idempotent: false },
		);
		const id = envelopeData(body).id;
		if (typeof id === 'string' && HOOK_ID.test(id)) ids.push(id);
	}
	return ids;
}

/** Whether every stored hook still exists and points at this URL. */
export async function recordingHooksExist(this: IHookFunctions, api: KazooApi, ids: unknown, uri: string): Promise<boolean> {
	if (!Array.isArray(ids) || ids.length === 0) return false;
	const { body } = await apiRequest.call(this, api, { method: 'GET', url: webhooksPath(api) }, { subject: 'the webhooks list' });
	const listed = (body as IDataObject | undefined)?.data;
	if (!Array.isArray(listed)) return false;
	return ids.every((id) => (listed as IDataObject[]).some((hook) => hook.id === id && (hook.uri === undefined || hook.uri === uri)));
}

/** Removes the hooks; one already gone (404) counts as removed. */
export async function removeRecordingHooks(this: IHookFunctions, api: KazooApi, ids: unknown): Promise<void> {
	if (!Array.isArray(ids)) return;
	for (const id of ids) {
		if (typeof id !== 'string' || !HOOK_ID.test(id)) continue;
		await apiRequest
			.call(this, api, { method: 'DELETE', url: `${webhooksPath(api)}/${id}` }, { subject: `webhook ${id}` })
			.catch((error: unknown) => {
				if ((error as { httpCode?: string }).httpCode !== '404') throw error;
			});
	}
}

import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asNodeError } from '../../core/items';
import { requireBoolean } from '../../core/validation';
import { getKazooApi, type KazooApi } from './shared/connection';
import { authenticationField, credentialsByAuthentication, requestOptionsField } from './shared/descriptions';
import { listFilters } from './shared/listing';
import { newRecordingProperties, pollNewRecordings, readTriggerOptions, rememberWindow, shapeOutput, type Watch } from './shared/newRecordings';
import { recordingsPath } from './shared/paths';
import { RECORDING_ACTIONS, recordingHooksExist, registerRecordingHooks, removeRecordingHooks } from './shared/webhooks';

function watchOf(context: IHookFunctions | IWebhookFunctions, api: KazooApi): Watch {
	const path = recordingsPath(api, context.getNodeParameter('scope', 'account'), context.getNodeParameter('userId', ''));
	const qs = listFilters(context.getNodeParameter('filters', {}) as IDataObject);
	return { path, qs, config: JSON.stringify(['newRecording', path, qs]) };
}

function optionsOf(context: IHookFunctions | IWebhookFunctions) {
	// The instant trigger has no catch-up: activation remembers what is there.
	return { ...readTriggerOptions(context.getNodeParameter('options', {}) as IDataObject), catchUpMs: 0 };
}

/**
 * Deliveries of one trigger are handled one at a time, and each starts from the newest state: n8n
 * loads a webhook's static data before the call, so two deliveries close together would otherwise
 * both start from the same state and emit the same recording.
 */
const queues = new Map<string, Promise<unknown>>();
const newestState = new Map<string, IDataObject>();

async function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
	const turn = (queues.get(key) ?? Promise.resolve()).then(run, run);
	queues.set(
		key,
		turn.then(
			() => undefined,
			() => undefined,
		),
	);
	return await turn;
}

/**
 * Instant mode, from Kazoo's webhooks app. Activation registers `object` hooks for call recordings
 * (`doc_created`, and `doc_edited` for the audio that follows) and remembers the look-back window;
 * deactivation removes them. Each delivery wakes a reconciliation of the window with the same poll
 * state as the polling trigger: it emits the delivered recording and anything whose webhook was lost,
 * each once, and holds a recording back until its audio is attached (bounded by Wait for Audio).
 */
export class KazooCallRecordingInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kazoo Call Recording Instant Trigger',
		name: 'kazooCallRecordingInstantTrigger',
		icon: { light: 'file:kazoo.svg', dark: 'file:kazoo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: "Starts the workflow as soon as Kazoo's webhooks app reports a new call recording",
		defaults: { name: 'Kazoo Call Recording Instant Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsByAuthentication,
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					"Needs the webhooks app on the Kazoo cluster. Each webhook also checks the recent recordings, so one whose webhook was lost is emitted with the next webhook; if webhooks cannot reach n8n at all, use the polling Kazoo Call Recording Trigger instead.",
				name: 'instantNotice',
				type: 'notice',
				default: '',
			},
			authenticationField,
			// The instant trigger has no catch-up: activation remembers what is there.
			...newRecordingProperties(['catchUpHours']),
			requestOptionsField,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const api = await getKazooApi.call(this);
				const staticData = this.getWorkflowStaticData('node');
				return await recordingHooksExist.call(this, api, staticData.hookIds, String(this.getNodeWebhookUrl('default')));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const api = await getKazooApi.call(this);
				const options = optionsOf(this);
				const watch = watchOf(this, api);
				const staticData = this.getWorkflowStaticData('node');
				const actions = options.attachAudio ? RECORDING_ACTIONS : RECORDING_ACTIONS.slice(0, 1);
				if (staticData.config !== watch.config) await rememberWindow.call(this, api, watch, options);
				staticData.hookIds = await registerRecordingHooks.call(this, api, String(this.getNodeWebhookUrl('default')), actions);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const api = await getKazooApi.call(this);
				const staticData = this.getWorkflowStaticData('node');
				await removeRecordingHooks.call(this, api, staticData.hookIds);
				delete staticData.hookIds;
				newestState.delete(`${this.getWorkflow().id}:${this.getNode().name}`);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		try {
			const api = await getKazooApi.call(this);
			// Only call-recording events of this credential's account; anything else is acknowledged and ignored.
			if (body.type !== 'call_recording' || (body.account_id !== undefined && body.account_id !== api.accountId)) {
				return { webhookResponse: { ignored: true } };
			}
			const options = optionsOf(this);
			const watch = watchOf(this, api);
			const simple = requireBoolean(this.getNodeParameter('simple', true), 'Simplify');
			const key = `${this.getWorkflow().id}:${this.getNode().name}`;
			const output = await oneAtATime(key, async () => {
				const staticData = this.getWorkflowStaticData('node');
				const newest = newestState.get(key);
				if (newest && Number(newest.revision ?? 0) > Number(staticData.revision ?? 0)) {
					staticData.config = newest.config;
					staticData.state = newest.state;
					staticData.revision = newest.revision;
				}
				const emitted = await pollNewRecordings.call(this, api, watch, options);
				staticData.revision = Number(staticData.revision ?? 0) + 1;
				newestState.set(key, { config: staticData.config, state: structuredClone(staticData.state), revision: staticData.revision });
				return emitted;
			});
			if (output.length === 0) return { webhookResponse: { received: true } };
			const items = shapeOutput(output, simple, this.getTimezone());
			return { workflowData: [items] };
		} catch (error) {
			throw asNodeError(this.getNode(), error);
		}
	}
}

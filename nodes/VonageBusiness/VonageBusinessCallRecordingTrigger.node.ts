import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	authenticationField,
	credentialsByAuthentication,
	optionNameExpression,
	recordingFilterOptions,
	requestOptionsField,
	scopeFields,
} from './shared/descriptions';
import { jobsPath, jobState, type JobType } from './shared/jobs';
import { recordingsPath, type RecordingScope } from './shared/paths';
import {
	decideFinished,
	decidePoll,
	firstState,
	isKeyState,
	isPollState,
	listFrom,
	type Candidate,
	type PollState,
} from './shared/pollState';
import { simplifyAll, simplifyField, simplifyRecording, simplifyTranscription } from './shared/simplify';
import {
	asNodeError,
	downloadToBinary,
	getAllPages,
	getVbcApi,
	readPages,
	type VbcApi,
} from './shared/transport';
import {
	formatVbcDate,
	parseDateTime,
	recordingFilters,
	requireAccountOrUserId,
	type RecordingFilterInput,
} from './shared/validation';

const HOUR_MS = 3_600_000;

const recordingEvent = { event: ['newRecording'] };

const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Recording',
				value: 'newRecording',
				description: 'A call recording became available',
			},
			{
				name: 'Transcription Ready',
				value: 'transcriptionReady',
				description: 'The transcription of a company recording is ready',
			},
			{
				name: 'Export Job Finished',
				value: 'exportJobFinished',
				description: 'An export job completed, failed or expired',
			},
		],
		default: 'newRecording',
	},
	...scopeFields('recording', ['newRecording']).map((field) => ({
		...field,
		displayOptions: {
			show: field.name === 'userId' ? { ...recordingEvent, scope: ['onDemand'] } : recordingEvent,
		},
	})),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: recordingEvent },
		options: recordingFilterOptions.filter((option) =>
			['callDirection', 'callerId', 'dnis', 'extension', 'minDurationSeconds'].includes(option.name),
		),
	},
	simplifyField({ event: ['newRecording', 'transcriptionReady'] }),
	{
		displayName: 'Job Type',
		name: 'jobType',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Recordings', value: 'recordings' },
			{ name: 'Recordings + Transcriptions', value: 'recordingsTranscriptions' },
		],
		default: 'all',
		displayOptions: { show: { event: ['exportJobFinished'] } },
	},
	{
		displayName: 'User ID',
		name: 'jobUserId',
		type: 'string',
		default: 'self',
		description: "Whose export jobs to watch: 'self' for the connected user, or a numeric user ID",
		displayOptions: { show: { event: ['exportJobFinished'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Attach Audio',
				name: 'attachAudio',
				type: 'boolean',
				default: false,
				description:
					'Whether to attach each recording’s audio as binary data (streamed; one more request per recording)',
				displayOptions: { show: { '/event': ['newRecording'] } },
			},
			{
				displayName: 'Include Failed Transcriptions',
				name: 'includeFailed',
				type: 'boolean',
				default: false,
				description: 'Whether to also emit transcriptions that failed, with their transcription_error',
				displayOptions: { show: { '/event': ['transcriptionReady'] } },
			},
			{
				displayName: 'Include Items From the Last N Hours',
				name: 'catchUpHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'On the first poll after activation, also emit what appeared in this many hours before it. 0 emits only what is new from now on.',
				displayOptions: { show: { '/event': ['newRecording', 'transcriptionReady'] } },
			},
			{
				displayName: 'Look-Back Window (Hours)',
				name: 'lookBackHours',
				type: 'number',
				typeOptions: { minValue: 0.1 },
				default: 6,
				description:
					'How far back each poll looks for calls that became available late. A recording appears only after its call ends, so this must exceed your longest call plus VBC’s processing time (and, for transcriptions, the transcription time).',
				displayOptions: { show: { '/event': ['newRecording', 'transcriptionReady'] } },
			},
			{
				displayName: 'Max Items per Poll',
				name: 'maxItemsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'At most this many items per poll, oldest first; the rest follow on the next polls',
			},
			{
				displayName: 'Put Audio in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { '/event': ['newRecording'], attachAudio: [true] } },
			},
		],
	},
];

interface TriggerOptions {
	attachAudio?: boolean;
	binaryPropertyName?: string;
	includeFailed?: boolean;
	catchUpHours?: number;
	lookBackHours?: number;
	maxItemsPerPoll?: number;
}

function readOptions(context: IPollFunctions): Required<TriggerOptions> {
	const invalid = (field: string, message: string) =>
		new NodeOperationError(context.getNode(), message, { description: `Field: ${field}` });
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const lookBackHours = Number(options.lookBackHours ?? 6);
	const catchUpHours = Number(options.catchUpHours ?? 0);
	const maxItemsPerPoll = Number(options.maxItemsPerPoll ?? 100);
	if (!Number.isFinite(lookBackHours) || lookBackHours <= 0) {
		throw invalid('Look-Back Window (Hours)', 'Look-Back Window (Hours) must be a number above 0');
	}
	if (!Number.isFinite(catchUpHours) || catchUpHours < 0) {
		throw invalid('Include Items From the Last N Hours', 'Include Items From the Last N Hours must be 0 or more');
	}
	if (!Number.isInteger(maxItemsPerPoll) || maxItemsPerPoll < 1) {
		throw invalid('Max Items per Poll', 'Max Items per Poll must be a whole number of 1 or more');
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim() || 'data';
	return {
		attachAudio: options.attachAudio === true,
		binaryPropertyName,
		includeFailed: options.includeFailed === true,
		catchUpHours,
		lookBackHours,
		maxItemsPerPoll,
	};
}

/** A time from the API, in ms. An unreadable one counts as now, so the item stays in the window. */
function apiTime(value: unknown, now: number): number {
	try {
		return parseDateTime(value, 'time', 'UTC').toMillis();
	} catch {
		return now;
	}
}

interface WindowedEvent {
	/** Identifies the event and its settings: stored state is reused only for the same ones. */
	config: string;
	path: string;
	qs: IDataObject;
	/** Which listed items count, and their key and time. */
	candidate: (item: IDataObject, now: number) => (Candidate & { item: IDataObject }) | undefined;
	/** Turns the items to emit into output (such as attaching audio); runs before the state is stored. */
	toOutput: (items: IDataObject[]) => Promise<INodeExecutionData[]>;
}

/**
 * One poll of a windowed event (New Recording, Transcription Ready): list the window, decide with
 * the pure poll state, and store the new state only after every request succeeded.
 */
async function pollWindow(
	this: IPollFunctions,
	api: VbcApi,
	event: WindowedEvent,
	options: Required<TriggerOptions>,
): Promise<INodeExecutionData[]> {
	const staticData = this.getWorkflowStaticData('node');
	const now = Date.now();
	const windowMs = options.lookBackHours * HOUR_MS;
	const list = async (from: number) => {
		const listing = await readPages.call(this, api, {
			path: event.path,
			qs: { ...event.qs, 'start:gte': formatVbcDate(DateTime.fromMillis(from)), order: 'start:DESC' },
			subject: 'the list',
		});
		const candidates = listing.items
			.map((item) => event.candidate(item, now))
			.filter((c): c is Candidate & { item: IDataObject } => c !== undefined);
		return { candidates, stable: listing.stable };
	};

	const stored = staticData.config === event.config && isPollState(staticData.state) ? staticData.state : undefined;
	let state: PollState;
	let listing: Awaited<ReturnType<typeof list>>;
	if (stored) {
		state = stored;
		listing = await list(listFrom(state, { now, windowMs }));
	} else {
		// First activation: remember what is there, except the catch-up period if one is asked for.
		const catchUpFrom = options.catchUpHours > 0 ? now - options.catchUpHours * HOUR_MS : undefined;
		listing = await list(Math.min(now - windowMs, catchUpFrom ?? Infinity));
		state = firstState(listing.candidates, catchUpFrom);
		if (catchUpFrom === undefined) {
			staticData.config = event.config;
			staticData.state = state as unknown as IDataObject;
			return [];
		}
	}
	const { candidates, stable } = listing;
	const decision = decidePoll(state, candidates, {
		now,
		windowMs,
		maxItems: options.maxItemsPerPoll,
		listingWasStable: stable,
	});
	// Output first (audio downloads included): if a request fails, the state stays where it was and
	// the next poll picks up from there.
	const output = await event.toOutput(decision.emit.map((c) => c.item));
	staticData.config = event.config;
	staticData.state = decision.next as unknown as IDataObject;
	return output;
}

async function withAudio(
	this: IPollFunctions,
	api: VbcApi,
	recordings: IDataObject[],
	binaryPropertyName: string,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const recording of recordings) {
		if (typeof recording.download_url !== 'string') {
			output.push({ json: recording });
			continue;
		}
		const binary = await downloadToBinary.call(this, api, recording.download_url, {
			what: `download_url of recording ${String(recording.id)}`,
			fileName: typeof recording.file_name === 'string' ? recording.file_name : `${String(recording.id)}.mp3`,
			defaultMimeType: 'audio/mpeg',
			subject: `the audio of recording ${String(recording.id)}`,
		});
		output.push({ json: recording, binary: { [binaryPropertyName]: binary } });
	}
	return output;
}

export class VonageBusinessCallRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vonage Business Call Recording Trigger',
		// Not `vonageBusinessTrigger`: n8n's node creator merges a trigger named like an action node plus
		// "Trigger" into that node's entry and shows the trigger's description for both.
		name: 'vonageBusinessCallRecordingTrigger',
		icon: { light: 'file:vonageBusiness.svg', dark: 'file:vonageBusiness.dark.svg' },
		group: ['trigger'],
		version: 1,
		// "New Recording", as the options read.
		subtitle: `={{ ${optionNameExpression('event', triggerProperties)} }}`,
		description: 'Starts the workflow when a VBC call recording, transcription or export job appears',
		// n8n adds its tracking parameters to a codex link, after the anchor; it opens this one as it is.
		documentationUrl: 'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business#trigger',
		defaults: { name: 'Vonage Business Call Recording Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: credentialsByAuthentication,
		properties: [authenticationField, ...triggerProperties, requestOptionsField],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const event = this.getNodeParameter('event') as string;
		try {
			const api = await getVbcApi.call(this);
			const options = readOptions(this);
			const manual = this.getMode() === 'manual';
			let output: INodeExecutionData[];
			if (event === 'newRecording') output = await pollNewRecordings.call(this, api, options, manual);
			else if (event === 'transcriptionReady') output = await pollTranscriptions.call(this, api, options, manual);
			else output = await pollExportJobs.call(this, api, options, manual);
			if (event !== 'exportJobFinished' && this.getNodeParameter('simple', true)) {
				const simplify = event === 'newRecording' ? simplifyRecording : simplifyTranscription;
				const simplified = simplifyAll(output.map((item) => item.json), simplify, this.getTimezone());
				output = output.map((item, index) => ({ ...item, json: simplified[index] }));
			}
			return output.length ? [output] : null;
		} catch (error) {
			throw asNodeError(node, error);
		}
	}
}

async function pollNewRecordings(
	this: IPollFunctions,
	api: VbcApi,
	options: Required<TriggerOptions>,
	manual: boolean,
): Promise<INodeExecutionData[]> {
	const scope = this.getNodeParameter('scope') as RecordingScope;
	const userId = scope === 'onDemand' ? requireAccountOrUserId(this.getNodeParameter('userId', 'self'), 'User ID') : 'self';
	const filters = recordingFilters(this.getNodeParameter('filters', {}) as RecordingFilterInput, this.getTimezone());
	const path = recordingsPath(api, scope, userId);
	const toOutput = async (recordings: IDataObject[]) =>
		options.attachAudio
			? await withAudio.call(this, api, recordings, options.binaryPropertyName)
			: recordings.map((json) => ({ json }));
	if (manual) {
		// "Fetch Test Event": the most recent matching recording, one request, state untouched.
		return await toOutput(await getAllPages.call(this, api, { path, qs: { ...filters, order: 'start:DESC' }, limit: 1 }));
	}
	return await pollWindow.call(
		this,
		api,
		{
			config: JSON.stringify(['newRecording', scope, userId, filters]),
			path,
			qs: filters,
			candidate: (item, now) => ({ key: String(item.id), at: apiTime(item.start, now), item }),
			toOutput,
		},
		options,
	);
}

async function pollTranscriptions(
	this: IPollFunctions,
	api: VbcApi,
	options: Required<TriggerOptions>,
	manual: boolean,
): Promise<INodeExecutionData[]> {
	const path = `${recordingsPath(api, 'company')}/transcriptions`;
	const qs: IDataObject = options.includeFailed ? {} : { status: 'ready' };
	if (manual) {
		const latest = await getAllPages.call(this, api, { path, qs: { status: 'ready', order: 'start:DESC' }, limit: 1 });
		return latest.map((json) => ({ json }));
	}
	return await pollWindow.call(
		this,
		api,
		{
			config: JSON.stringify(['transcriptionReady', options.includeFailed]),
			path,
			qs,
			candidate: (item, now) => {
				const failed = Boolean(item.transcription_error);
				if (!item.transcription_ready && !(options.includeFailed && failed)) return undefined;
				return { key: String(item.recording_id), at: apiTime(item.call_date, now), item };
			},
			toOutput: async (items) => items.map((json) => ({ json })),
		},
		options,
	);
}

async function pollExportJobs(
	this: IPollFunctions,
	api: VbcApi,
	options: Required<TriggerOptions>,
	manual: boolean,
): Promise<INodeExecutionData[]> {
	const userId = requireAccountOrUserId(this.getNodeParameter('jobUserId', 'self'), 'User ID');
	const chosen = this.getNodeParameter('jobType', 'all') as JobType | 'all';
	const types: JobType[] = chosen === 'all' ? ['recordings', 'recordingsTranscriptions'] : [chosen];
	if (manual) {
		for (const jobType of types) {
			const [job] = await getAllPages.call(this, api, { path: jobsPath(api, jobType, userId), qs: { status: 'complete' }, limit: 1 });
			if (job) return [{ json: { ...job, job_type: jobType } }];
		}
		return [];
	}
	const listed: Array<{ key: string; finished: boolean; item: IDataObject }> = [];
	for (const jobType of types) {
		const jobs = await getAllPages.call(this, api, { path: jobsPath(api, jobType, userId), subject: 'the export jobs list' });
		for (const job of jobs) {
			listed.push({
				key: `${jobType}:${String(job.id)}`,
				finished: jobState(job) !== 'running',
				item: { ...job, job_type: jobType },
			});
		}
	}
	const staticData = this.getWorkflowStaticData('node');
	const config = JSON.stringify(['exportJobFinished', types, userId]);
	const state = staticData.config === config && isKeyState(staticData.jobs) ? staticData.jobs : undefined;
	const decision = decideFinished(state, listed, options.maxItemsPerPoll);
	staticData.config = config;
	staticData.jobs = decision.next as unknown as IDataObject;
	return decision.emit.map((entry) => ({ json: entry.item }));
}

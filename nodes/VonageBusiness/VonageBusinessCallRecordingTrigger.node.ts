import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { DateTime } from 'luxon';
import { NodeConnectionTypes, NodeOperationError, type NodeApiError } from 'n8n-workflow';

import {
	authenticationField,
	credentialsByAuthentication,
	optionNameExpression,
	recordingFilterOptions,
	requestOptionsField,
	scopeFields,
} from './shared/descriptions';
import { jobsPath, jobState, type JobType } from './shared/jobs';
import { recordingsPath, requireScope } from './shared/paths';
import { isListState, listFrom, outputFailed, pollList, WINDOW_PAGE_SIZE, type Listed, type ListState } from './shared/pollState';
import { simplifyAll, simplifyField, simplifyRecording, simplifyTranscription } from './shared/simplify';
import {
	asNodeError,
	downloadToBinary,
	getAllPages,
	getVbcApi,
	readListPage,
	type VbcApi,
} from './shared/transport';
import {
	formatVbcDate,
	parseDateTime,
	recordingFilters,
	requireAccountOrUserId,
	requireOption,
	type RecordingFilterInput,
} from './shared/validation';

const HOUR_MS = 3_600_000;
/** The longest look-back or catch-up accepted: longer ones are typing errors, and would not make a date. */
const MAX_HOURS = 8_784;

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
	if (!Number.isFinite(lookBackHours) || lookBackHours <= 0 || lookBackHours > MAX_HOURS) {
		throw invalid('Look-Back Window (Hours)', `Look-Back Window (Hours) must be a number above 0 and at most ${MAX_HOURS} (a year)`);
	}
	if (!Number.isFinite(catchUpHours) || catchUpHours < 0 || catchUpHours > MAX_HOURS) {
		throw invalid('Include Items From the Last N Hours', `Include Items From the Last N Hours must be 0 or more and at most ${MAX_HOURS} (a year)`);
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

interface ListedEvent {
	/** Identifies the event and its settings: stored state is reused only for the same ones. */
	config: string;
	path: string;
	qs: IDataObject;
	/** Whether the list is looked at through a window of item times (recordings, transcriptions). */
	windowed: boolean;
	subject: string;
	/** Each listed item's key, time and readiness. */
	listed: (item: IDataObject, now: number) => Listed<IDataObject>;
	/** One emitted item as output (such as with its audio attached). */
	toOutput: (item: IDataObject) => Promise<INodeExecutionData>;
	/** The output after the last failed try: the item with the error, so nothing is lost. */
	withError?: (item: IDataObject, error: NodeApiError | NodeOperationError) => INodeExecutionData;
}

/** Failures that would fail every item the same way: they fail the poll instead, so nothing is given up on. */
function failsEveryItem(error: NodeApiError | NodeOperationError): boolean {
	const cause = (error as { failure?: { cause?: string } }).failure?.cause;
	return cause === 'rate-limited' || cause === 'credential-invalid';
}

/**
 * One poll of a list: read the pages the poll state asks for, turn the items it emits into output,
 * and store the new state only when every list request succeeded. An item whose output fails is tried
 * again on the next polls (see MAX_OUTPUT_TRIES) while the others are emitted.
 */
async function pollListed(
	this: IPollFunctions,
	api: VbcApi,
	event: ListedEvent,
	options: Required<TriggerOptions>,
	stateKey: string,
): Promise<INodeExecutionData[]> {
	const staticData = this.getWorkflowStaticData('node');
	const configs = (staticData.configs ?? {}) as IDataObject;
	const stored = configs[stateKey] === event.config && isListState(staticData[stateKey]) ? (staticData[stateKey] as ListState) : undefined;
	const now = Date.now();
	const settings = {
		now,
		windowMs: event.windowed ? options.lookBackHours * HOUR_MS : undefined,
		maxItems: options.maxItemsPerPoll,
		catchUpFrom: event.windowed && options.catchUpHours > 0 ? now - options.catchUpHours * HOUR_MS : undefined,
	};
	const qs: IDataObject = { ...event.qs };
	if (event.windowed) {
		qs['start:gte'] = formatVbcDate(DateTime.fromMillis(listFrom(stored, settings)));
		qs.order = 'start:DESC';
		qs.page_size = WINDOW_PAGE_SIZE;
	}
	const read = async (page: number | undefined) => {
		const listed = await readListPage.call(this, api, {
			path: event.path,
			qs: page === undefined ? qs : { ...qs, page: String(page) },
			subject: event.subject,
		});
		return { ...listed, items: listed.items.map((item) => event.listed(item, now)) };
	};
	const { emit, next } = await pollList(stored, read, settings);
	const output: INodeExecutionData[] = [];
	for (const due of emit) {
		try {
			output.push(await event.toOutput(due.item));
		} catch (caught) {
			const error = asNodeError(this.getNode(), caught);
			if (failsEveryItem(error) || !event.withError) throw error;
			if (!outputFailed(next, due)) output.push(event.withError(due.item, error));
		}
	}
	// The keys of the first poll state (version 1) are not read any more.
	delete staticData.config;
	delete staticData.jobs;
	staticData.configs = { ...configs, [stateKey]: event.config };
	staticData[stateKey] = next as unknown as IDataObject;
	return output;
}

async function withAudio(
	this: IPollFunctions,
	api: VbcApi,
	recording: IDataObject,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	if (typeof recording.download_url !== 'string') return { json: recording };
	const binary = await downloadToBinary.call(this, api, recording.download_url, {
		what: `download_url of recording ${String(recording.id)}`,
		fileName: typeof recording.file_name === 'string' ? recording.file_name : `${String(recording.id)}.mp3`,
		defaultMimeType: 'audio/mpeg',
		subject: `the audio of recording ${String(recording.id)}`,
	});
	return { json: recording, binary: { [binaryPropertyName]: binary } };
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
				output = output.map((item, index) => {
					const audioError = item.json[AUDIO_ERROR_FIELD];
					return { ...item, json: audioError === undefined ? simplified[index] : { ...simplified[index], audioError } };
				});
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
	const scope = requireScope(this.getNodeParameter('scope', 'company'));
	const userId = scope === 'onDemand' ? requireAccountOrUserId(this.getNodeParameter('userId', 'self'), 'User ID') : 'self';
	const filters = recordingFilters(this.getNodeParameter('filters', {}) as RecordingFilterInput, this.getTimezone());
	const path = recordingsPath(api, scope, userId);
	const toOutput = async (recording: IDataObject) =>
		options.attachAudio ? await withAudio.call(this, api, recording, options.binaryPropertyName) : { json: recording };
	if (manual) {
		// "Fetch Test Event": the most recent matching recording, one request, state untouched.
		const latest = await getAllPages.call(this, api, { path, qs: { ...filters, order: 'start:DESC' }, limit: 1 });
		return await Promise.all(latest.map(toOutput));
	}
	return await pollListed.call(
		this,
		api,
		{
			config: JSON.stringify(['newRecording', scope, userId, filters]),
			path,
			qs: filters,
			windowed: true,
			subject: 'the recordings list',
			listed: (item, now) => ({ key: String(item.id), at: apiTime(item.start, now), ready: true, item }),
			toOutput,
			withError: (item, error) => ({ json: { ...item, [AUDIO_ERROR_FIELD]: error.message } }),
		},
		options,
		'state',
	);
}

/** Where a recording emitted without its audio (after the last try) says why. */
const AUDIO_ERROR_FIELD = 'audio_error';

async function pollTranscriptions(
	this: IPollFunctions,
	api: VbcApi,
	options: Required<TriggerOptions>,
	manual: boolean,
): Promise<INodeExecutionData[]> {
	const path = `${recordingsPath(api, 'company')}/transcriptions`;
	// No `status` filter: no document says which values it takes. Readiness is read from each item.
	const counts = (item: IDataObject) =>
		item.transcription_ready === true || (options.includeFailed && Boolean(item.transcription_error));
	if (manual) {
		const latest = await getAllPages.call(this, api, { path, qs: { order: 'start:DESC' }, limit: WINDOW_PAGE_SIZE });
		return latest.filter((item) => item.transcription_ready === true).slice(0, 1).map((json) => ({ json }));
	}
	return await pollListed.call(
		this,
		api,
		{
			config: JSON.stringify(['transcriptionReady', options.includeFailed]),
			path,
			qs: {},
			windowed: true,
			subject: 'the transcriptions list',
			listed: (item, now) => ({
				key: String(item.recording_id),
				at: apiTime(item.call_date, now),
				// A failed transcription is final: it no longer waits, whether it is emitted or not.
				ready: counts(item) || Boolean(item.transcription_error),
				item,
			}),
			toOutput: async (item) => ({ json: item }),
		},
		options,
		'state',
	).then((output) => output.filter((entry) => counts(entry.json)));
}

async function pollExportJobs(
	this: IPollFunctions,
	api: VbcApi,
	options: Required<TriggerOptions>,
	manual: boolean,
): Promise<INodeExecutionData[]> {
	const userId = requireAccountOrUserId(this.getNodeParameter('jobUserId', 'self'), 'User ID');
	const chosen = requireOption(this.getNodeParameter('jobType', 'all'), 'Job Type', ['all', 'recordings', 'recordingsTranscriptions']);
	const types: JobType[] = chosen === 'all' ? ['recordings', 'recordingsTranscriptions'] : [chosen as JobType];
	if (manual) {
		// The job lists declare no page size (and one of them no status filter): read their first page.
		for (const jobType of types) {
			const { items } = await readListPage.call(this, api, { path: jobsPath(api, jobType, userId), qs: {}, subject: 'the export jobs list' });
			const job = items.find((item) => jobState(item) === 'complete');
			if (job) return [{ json: { ...job, job_type: jobType } }];
		}
		return [];
	}
	const output: INodeExecutionData[] = [];
	for (const jobType of types) {
		output.push(
			...(await pollListed.call(
				this,
				api,
				{
					config: JSON.stringify(['exportJobFinished', jobType, userId]),
					path: jobsPath(api, jobType, userId),
					qs: {},
					windowed: false,
					subject: 'the export jobs list',
					listed: (job) => ({ key: String(job.id), at: 0, ready: jobState(job) !== 'running', item: { ...job, job_type: jobType } }),
					toOutput: async (item) => ({ json: item }),
				},
				options,
				jobType,
			)),
		);
	}
	return output;
}

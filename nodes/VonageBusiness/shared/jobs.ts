import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { downloadToBinary, vbcRequest, type VbcApi, type VbcFunctions } from './transport';
import { InvalidInputError, requireAccountOrUserId } from './validation';

/** Recordings jobs and recordings+transcriptions jobs live under separate endpoints. */
export type JobType = 'recordings' | 'recordingsTranscriptions';

const JOB_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function requireJobId(value: unknown, field = 'Job ID'): string {
	const text = String(value ?? '').trim();
	if (text === '') throw new InvalidInputError(field, `${field} is empty: enter the ID of an export job, as output by Export`);
	if (!JOB_ID.test(text)) {
		throw new InvalidInputError(
			field,
			`${field} must be the UUID of an export job, such as afa725fb-d418-4eaf-b3f9-0e66396fafdc, not "${text.slice(0, 40)}"`,
		);
	}
	return text;
}

export function jobsPath(api: VbcApi, jobType: JobType, userId: unknown): string {
	const account = encodeURIComponent(api.accountId);
	const user = encodeURIComponent(requireAccountOrUserId(userId ?? 'self', 'User ID'));
	const kind = jobType === 'recordings' ? 'jobs' : 'recordings_transcriptions/jobs';
	return `/api/accounts/${account}/users/${user}/call_recordings/${kind}`;
}

export function jobPath(api: VbcApi, jobType: JobType, userId: unknown, jobId: unknown): string {
	return `${jobsPath(api, jobType, userId)}/${encodeURIComponent(requireJobId(jobId))}`;
}

/** Only `complete` is documented; the other words are what such APIs answer, in any case. */
export function jobState(job: IDataObject): 'complete' | 'failed' | 'expired' | 'running' {
	const status = String(job.status ?? '').toLowerCase();
	if (status === 'complete' || status === 'completed') return 'complete';
	if (status === 'failed' || status === 'error') return 'failed';
	if (status === 'expired') return 'expired';
	return 'running';
}

export async function getJob(
	this: VbcFunctions,
	api: VbcApi,
	job: { jobType: JobType; userId: unknown; jobId: string; itemIndex?: number },
): Promise<IDataObject> {
	const { body } = await vbcRequest.call(
		this,
		api,
		{ method: 'GET', url: jobPath(api, job.jobType, job.userId, job.jobId) },
		{ subject: `export job ${job.jobId}`, itemIndex: job.itemIndex },
	);
	return body as IDataObject;
}

export interface WaitOptions {
	jobType: JobType;
	userId: unknown;
	jobId: string;
	pollIntervalSeconds: number;
	timeoutSeconds: number;
	itemIndex?: number;
}

export function requireWaitTimes(pollIntervalSeconds: unknown, timeoutSeconds: unknown) {
	const interval = Number(pollIntervalSeconds);
	const timeout = Number(timeoutSeconds);
	if (!Number.isFinite(interval) || interval < 0.1) {
		throw new InvalidInputError('Poll Interval (Seconds)', 'Poll Interval (Seconds) must be a number of at least 0.1');
	}
	if (!Number.isFinite(timeout) || timeout < 0) {
		throw new InvalidInputError('Timeout (Seconds)', 'Timeout (Seconds) must be a number of seconds of 0 or more');
	}
	return { pollIntervalSeconds: interval, timeoutSeconds: timeout };
}

/**
 * Re-reads a job once per poll interval until it is complete, failed or expired, for at most the
 * timeout (a last read happens at the deadline, so a job finishing then is not reported as timed out).
 */
export async function waitForJob(this: VbcFunctions, api: VbcApi, options: WaitOptions): Promise<IDataObject> {
	const node = this.getNode();
	const started = Date.now();
	const deadline = started + options.timeoutSeconds * 1000;
	for (;;) {
		const job = await getJob.call(this, api, options);
		const state = jobState(job);
		if (state === 'complete') return job;
		if (state === 'failed' || state === 'expired') {
			throw new NodeOperationError(
				node,
				state === 'failed'
					? `Export job ${options.jobId} failed on the VBC side`
					: `Export job ${options.jobId} expired: its archive is no longer available`,
				{
					itemIndex: options.itemIndex,
					description:
						state === 'failed'
							? 'Create the export again; if it keeps failing, export fewer recordings at a time.'
							: 'Archives can be downloaded only until the job\'s valid_until time. Create the export again.',
				},
			);
		}
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			throw new NodeOperationError(
				node,
				`Timed out after ${options.timeoutSeconds} s waiting for export job ${options.jobId}: it is still ${String(job.status ?? 'running')} (${String(job.files_completed ?? '?')} of ${String(job.files_total ?? '?')} files)`,
				{
					itemIndex: options.itemIndex,
					description: 'Raise the Timeout, or check the job later with Export Job → Get or Wait for Completion.',
				},
			);
		}
		await sleep(Math.min(options.pollIntervalSeconds * 1000, remaining));
	}
}

/** Streams a finished job's archive into binary data, from the URL the job gives (never one built here). */
export async function downloadJobArchive(
	this: VbcFunctions,
	api: VbcApi,
	job: IDataObject,
	options: { binaryPropertyName: string; itemIndex?: number },
): Promise<INodeExecutionData> {
	const jobId = String(job.id ?? '');
	const state = jobState(job);
	if (state !== 'complete' || typeof job.download_url !== 'string' || job.download_url === '') {
		throw new NodeOperationError(
			this.getNode(),
			`Export job ${jobId} is ${String(job.status ?? 'not finished')}, so it has no archive to download yet`,
			{
				itemIndex: options.itemIndex,
				description:
					state === 'running'
						? 'Use Export Job → Wait for Completion first, or the Export option "Download Archive".'
						: 'Create the export again.',
			},
		);
	}
	const binary = await downloadToBinary.call(this, api, job.download_url, {
		what: `download_url of export job ${jobId}`,
		subject: `the archive of export job ${jobId}`,
		itemIndex: options.itemIndex,
		defaultFileName: `${jobId}.zip`,
		defaultMimeType: 'application/zip',
	});
	return { json: job, binary: { [options.binaryPropertyName]: binary } };
}

export interface ExportRequest {
	/** The export endpoint, below the API base URL. */
	path: string;
	body: IDataObject;
	jobType: JobType;
	/** Whose job list the new jobs appear in. */
	jobUserId: string;
	wait?: { pollIntervalSeconds: number; timeoutSeconds: number; binaryPropertyName: string };
	itemIndex?: number;
}

/** Reads the "Options" of an Export operation; all checks happen here, before the job is created. */
export function exportWaitOptions(options: IDataObject): ExportRequest['wait'] {
	if (!options.waitAndDownload) return undefined;
	const times = requireWaitTimes(options.pollIntervalSeconds ?? 10, options.timeoutSeconds ?? 900);
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (binaryPropertyName === '') {
		throw new InvalidInputError('Put Output File in Field', 'Put Output File in Field is empty: enter a field name such as data');
	}
	return { ...times, binaryPropertyName };
}

/**
 * Creates export jobs (one request, never repeated here), then optionally waits for each and
 * downloads its archive: create → wait → download in one node.
 */
export async function createExport(this: VbcFunctions, api: VbcApi, request: ExportRequest): Promise<INodeExecutionData[]> {
	const response = await vbcRequest.call(
		this,
		api,
		{
			method: 'POST',
			url: request.path,
			// Serialized here: the spec requires a JSON body, and n8n leaves an empty object out entirely.
			body: JSON.stringify(request.body),
			headers: { 'content-type': 'application/json' },
		},
		{ subject: 'the export', itemIndex: request.itemIndex },
	);
	const jobIds = ((response.body as { job_ids?: unknown[] })?.job_ids ?? []).map(String);
	if (!request.wait) return jobIds.map((jobId) => ({ json: { job_id: jobId, job_type: request.jobType } }));
	const results: INodeExecutionData[] = [];
	for (const jobId of jobIds) {
		const job = await waitForJob.call(this, api, {
			jobType: request.jobType,
			userId: request.jobUserId,
			jobId,
			pollIntervalSeconds: request.wait.pollIntervalSeconds,
			timeoutSeconds: request.wait.timeoutSeconds,
			itemIndex: request.itemIndex,
		});
		const archive = await downloadJobArchive.call(this, api, job, {
			binaryPropertyName: request.wait.binaryPropertyName,
			itemIndex: request.itemIndex,
		});
		results.push({ ...archive, json: { ...job, job_id: jobId, job_type: request.jobType } });
	}
	return results;
}

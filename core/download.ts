import type {
	IBinaryData,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiConnection } from './api';
import { isAbsoluteUrl } from './hostGuard';
import { send } from './request';
import { peekHead } from './sniff';

/** The file name a Content-Disposition header gives (`filename*=` first, quoted or not). */
export function fileNameFromDisposition(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
	if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
	const plain = /filename="?([^";]+)"?/i.exec(header);
	return plain?.[1]?.trim();
}

export interface DownloadOptions {
	/** What the URL is, for the host guard's message: "download_url of recording 1". */
	what: string;
	/** A name that wins over the server's, such as the recording's file_name. */
	fileName?: string;
	/** Used when the server names no file. */
	defaultFileName?: string;
	/** Used when the server sends no specific content type. */
	defaultMimeType?: string;
	/** Extra headers, such as the Accept that selects audio over JSON. */
	headers?: IHttpRequestOptions['headers'];
	subject?: string;
	itemIndex?: number;
	/**
	 * The file's name and type from its first bytes (magic bytes), which win over the server's and the
	 * defaults; or why the file is refused (an empty archive). `whole` is the body when it is that short.
	 */
	typeFromHead?: (head: Buffer, whole: Buffer | undefined) => SniffedType;
}

export interface SniffedType {
	fileName?: string;
	mimeType?: string;
	/** The file is not stored: the download fails with this message and description. */
	refused?: { message: string; description: string };
}

/** Bytes read before the download is stored, for `typeFromHead`. */
const HEAD_BYTES = 16;

/**
 * Streams a file from the API into n8n's binary data store without holding it in memory.
 * Redirects are followed by hand: the credential goes along only while the target is the API origin.
 */
/** The contexts that can write n8n binary data. */
export type BinaryFunctions = IExecuteFunctions | IExecuteSingleFunctions | IPollFunctions | IWebhookFunctions;

export async function downloadToBinary(
	this: BinaryFunctions,
	api: ApiConnection,
	url: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const response = await send.call(
		this,
		api,
		{
			method: 'GET',
			url: isAbsoluteUrl(url) ? url : `${api.baseUrl}${url}`,
			encoding: 'stream',
			json: false,
			...(options.headers ? { headers: options.headers } : {}),
			timeout: Math.max(api.timeoutMs, 600_000),
		},
		{ idempotent: true, what: options.what, subject: options.subject, itemIndex: options.itemIndex },
	);
	const served = String(response.headers['content-type'] ?? '').split(';')[0].trim();
	let contentType = served && served !== 'application/octet-stream' ? served : options.defaultMimeType;
	let fileName =
		options.fileName ?? fileNameFromDisposition(response.headers['content-disposition']) ?? options.defaultFileName;
	let body = response.body as Parameters<typeof this.helpers.prepareBinaryData>[0];
	if (options.typeFromHead) {
		const { head, whole } = await peekHead(response.body, HEAD_BYTES);
		const sniffed = options.typeFromHead(head, whole);
		if (sniffed.refused) {
			(response.body as { destroy?: () => void }).destroy?.();
			throw new NodeOperationError(this.getNode(), sniffed.refused.message, {
				itemIndex: options.itemIndex,
				description: sniffed.refused.description,
			});
		}
		fileName = sniffed.fileName ?? fileName;
		contentType = sniffed.mimeType ?? contentType;
		if (whole) body = whole;
	}
	return await this.helpers.prepareBinaryData(body, fileName, contentType);
}

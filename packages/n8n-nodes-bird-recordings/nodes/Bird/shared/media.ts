import type { IBinaryData } from 'n8n-workflow';

import { asNodeError } from '../../../core/items';
import { downloadToBinary, type BinaryFunctions, type DownloadOptions } from '../../../core/download';
import type { BirdApi } from './connection';
import { EXPIRED_LINK } from './wording';

const isExpiredLink = (error: unknown) => error instanceof Error && error.message.startsWith(EXPIRED_LINK);

/**
 * A file Bird serves through a 307 to a pre-signed storage URL (valid 600 s). The core follows the
 * redirect without the access key (storage refuses a request that carries both an Authorization
 * header and query authentication). If the link has expired by the time storage reads it, the
 * file is asked for once more through the API, which signs a fresh link; a second expiry is an error.
 */
export async function downloadThroughApi(
	this: BinaryFunctions,
	api: BirdApi,
	path: string,
	options: DownloadOptions,
): Promise<IBinaryData> {
	try {
		return await downloadToBinary.call(this, api, path, options);
	} catch (error) {
		if (!isExpiredLink(error)) throw asNodeError(this.getNode(), error);
		return await downloadToBinary.call(this, api, path, options);
	}
}

/** How a recording's audio is asked for and named. */
export const audioOptions = (recordingId: string, itemIndex?: number) => ({
	what: `audio of recording ${recordingId}`,
	headers: { Accept: 'audio/mpeg, */*' },
	fileName: `${recordingId}.mp3`,
	defaultMimeType: 'audio/mpeg',
	subject: `the audio of recording ${recordingId}`,
	itemIndex,
});

import type { BirdApi } from './connection';

/** Paths of the workspace Voice API; every ID in them has passed `requireUuid`. */
export const workspacePath = (api: BirdApi): string => `/workspaces/${api.workspaceId}`;
export const recordingsPath = (api: BirdApi): string => `${workspacePath(api)}/recordings`;
export const recordingPath = (api: BirdApi, id: string): string => `${recordingsPath(api)}/${id}`;
/** The audio: Bird answers 307 to a pre-signed storage URL (valid 600 s). */
export const recordingAudioPath = (api: BirdApi, id: string): string => `${recordingPath(api, id)}.mp3`;
export const recordingTranscriptionsPath = (api: BirdApi, id: string): string => `${recordingPath(api, id)}/transcriptions`;
export const transcriptionsPath = (api: BirdApi): string => `${workspacePath(api)}/transcriptions`;
export const transcriptionPath = (api: BirdApi, id: string): string => `${transcriptionsPath(api)}/${id}`;
export const transcriptContentPath = (api: BirdApi, id: string, format: string): string =>
	`${transcriptionPath(api, id)}.${format}`;

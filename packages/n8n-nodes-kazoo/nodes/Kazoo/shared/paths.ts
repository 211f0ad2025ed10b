import { requireOption } from '../../../core/validation';
import type { KazooApi } from './connection';
import { requireKazooId } from './ids';

export const SCOPES = ['account', 'user'] as const;
export type RecordingScope = (typeof SCOPES)[number];

/** The recordings list of the account, or of one user (only recordings with that owner_id). */
export function recordingsPath(api: KazooApi, scope: unknown, userId: unknown): string {
	const account = `/accounts/${api.accountId}`;
	if (requireOption(scope, 'Scope', SCOPES) === 'account') return `${account}/recordings`;
	return `${account}/users/${requireKazooId(userId, 'User ID')}/recordings`;
}

/** One recording: Kazoo has no per-user path for a single recording, so this is always the account's. */
export const recordingPath = (api: KazooApi, recordingId: string): string =>
	`/accounts/${api.accountId}/recordings/${recordingId}`;

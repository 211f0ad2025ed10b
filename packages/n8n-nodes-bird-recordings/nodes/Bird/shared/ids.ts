import { requireMatch } from '../../../core/validation';

/** Bird's IDs (workspaces, recordings, transcriptions, calls, channels) are UUIDs. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export function requireUuid(value: unknown, field: string): string {
	return requireMatch(value, field, UUID, 'a Bird ID (a UUID such as 5b74ee9e-9d45-473a-82cd-f1f7feea6bbd)');
}

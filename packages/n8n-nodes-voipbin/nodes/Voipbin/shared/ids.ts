import { requireMatch } from '../../../core/validation';

/** VoIPbin IDs are UUIDs (a non-UUID is a 400 INVALID_ID, so it is refused before any request). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export function requireUuid(value: unknown, field: string): string {
	return requireMatch(value, field, UUID, 'a VoIPbin ID (a UUID such as f27d65bc-2f10-49e1-a49d-a7762965df13)');
}

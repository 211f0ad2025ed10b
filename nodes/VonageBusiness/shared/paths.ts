import type { VbcApi } from './transport';
import { requireAccountOrUserId, requireOption, requireRecordingId } from './validation';

/** Which set of recording endpoints: Company (admin rules) or On-Demand (one user's). */
export type RecordingScope = 'company' | 'onDemand';

/** The Scope parameter, checked: a value from imported JSON that is not an option is refused, not read as Company. */
export function requireScope(value: unknown): RecordingScope {
	return requireOption(value, 'Scope', ['company', 'onDemand']) as RecordingScope;
}

/** Every path segment that comes from input is validated and encoded here, so nothing like `../` or `?x=` reaches a URL. */
export function recordingsPath(api: VbcApi, scope: RecordingScope, userId?: unknown): string {
	const account = encodeURIComponent(api.accountId);
	if (scope === 'company') return `/api/accounts/${account}/company_call_recordings`;
	const user = encodeURIComponent(requireAccountOrUserId(userId ?? 'self', 'User ID'));
	return `/api/accounts/${account}/users/${user}/call_recordings`;
}

export function recordingPath(api: VbcApi, scope: RecordingScope, userId: unknown, recordingId: unknown): string {
	return `${recordingsPath(api, scope, userId)}/${encodeURIComponent(requireRecordingId(recordingId))}`;
}

import type { IDataObject } from 'n8n-workflow';

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
export const MAX_REDIRECTS = 5;

/**
 * Where a redirect answer sends the request, or `undefined` when it is not a redirect. The request
 * loop follows it by hand (n8n's own following would keep the credential on every hop) and sends the
 * credential again only while the target is the API origin.
 */
export function redirectTarget(status: number | undefined, headers: IDataObject, current: string): string | undefined {
	if (status === undefined || !REDIRECT_STATUSES.includes(status) || typeof headers.location !== 'string') {
		return undefined;
	}
	return new URL(headers.location, current).toString();
}

import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiConnection } from './api';

/**
 * The host guard. A URL that came from an API response or an input item may carry the credential
 * only when it points at the API origin from the credential; anything else is refused, so a crafted
 * link in a response cannot collect the token.
 */
export function resolveApiUrl(
	node: INode,
	api: Pick<ApiConnection, 'baseUrl' | 'origin' | 'wording'>,
	url: string,
	what: string,
): string {
	let parsed: URL;
	try {
		parsed = new URL(url, `${api.baseUrl}/`);
	} catch {
		throw new NodeOperationError(node, `The ${what} is not a URL: "${url.slice(0, 120)}"`);
	}
	if (parsed.origin !== api.origin) {
		throw new NodeOperationError(
			node,
			`The ${what} points to ${parsed.host}, not to the API host in the credential (${new URL(api.origin).host}): n8n will not send ${api.wording.tokenName} there`,
			{ description: api.wording.foreignHostAdvice },
		);
	}
	return parsed.toString();
}

/** Whether a URL is absolute (has a scheme); relative ones are paths below the API base URL. */
export const isAbsoluteUrl = (url: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(url);

'use strict';
// The peer: what an n8n user builds without this package, from n8n's own nodes. A generic OAuth2
// credential, the HTTP Request node paging on `$response.body._links.next.href`, "Response Format: File"
// for audio, and Schedule Trigger + HTTP Request + Remove Duplicates in place of a trigger.

/** n8n's generic OAuth2 credential, connected to a sandbox with its own tokens. */
function genericOAuth2Credential(sandbox, { id = 'peerOAuth2', name = 'VBC by hand (generic OAuth2)', tokens = sandbox.issueTokens() } = {}) {
	return {
		id,
		name,
		type: 'oAuth2Api',
		data: {
			grantType: 'authorizationCode',
			authUrl: `${sandbox.url}/authorize`,
			accessTokenUrl: `${sandbox.url}/token`,
			clientId: sandbox.options.clientId,
			clientSecret: sandbox.options.clientSecret,
			scope: '',
			authQueryParameters: '',
			authentication: 'header',
			oauthTokenData: tokens,
		},
	};
}

const httpRequest = (name, parameters, credential, extra = {}) => ({
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api', ...parameters },
	credential,
	extra,
});

/** GET the company recordings, `page_size` 100, following `_links.next.href` until there is none. */
function listRecordingsNode(sandbox, credential, { pageSize = 100, paginate = true, order } = {}) {
	const query = [{ name: 'page_size', value: String(pageSize) }];
	if (order) query.push({ name: 'order', value: order });
	const pagination = paginate
		? {
				pagination: {
					pagination: {
						paginationMode: 'responseContainsNextURL',
						nextURL: '={{ $response.body._links.next.href }}',
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !$response.body._links.next }}',
					},
				},
			}
		: {};
	return httpRequest(
		'List (HTTP Request)',
		{
			method: 'GET',
			url: `${sandbox.apiBaseUrl}/api/accounts/self/company_call_recordings`,
			sendQuery: true,
			queryParameters: { parameters: query },
			options: pagination,
		},
		credential,
	);
}

/** One item per recording out of the pages' `_embedded.recordings`. */
const splitRecordings = {
	name: 'Split Out',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: '_embedded.recordings', options: {} },
};

/** GET each item's download_url as a file; batching and retries as an experienced user would set them. */
function downloadNode(credential, { batch, retry } = {}) {
	return httpRequest(
		'Download (HTTP Request)',
		{
			method: 'GET',
			url: '={{ $json.download_url }}',
			options: {
				response: { response: { responseFormat: 'file', outputPropertyName: 'data' } },
				...(batch ? { batching: { batch } } : {}),
			},
		},
		credential,
		retry ? { retryOnFail: true, maxTries: retry.maxTries, waitBetweenTries: retry.waitMs } : {},
	);
}

/** Every minute: list the newest page, drop the ids seen in earlier executions. */
function pollingNodes(sandbox, credential) {
	return [
		{
			name: 'Schedule Trigger',
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } },
		},
		{ ...listRecordingsNode(sandbox, credential, { paginate: false, order: 'start:DESC' }), name: 'Newest (HTTP Request)' },
		splitRecordings,
		{
			name: 'Remove Duplicates',
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.id }}', options: {} },
		},
	];
}

module.exports = { genericOAuth2Credential, listRecordingsNode, splitRecordings, downloadNode, pollingNodes };

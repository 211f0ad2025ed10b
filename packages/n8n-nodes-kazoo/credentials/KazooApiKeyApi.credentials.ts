import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import {
	kazooConnectionFields,
	kazooCredentialIcon,
	kazooCredentialTest,
	kazooTokenAuthentication,
	signIn,
} from './kazooConnection';

/**
 * Signs in with an account's API key (PUT /v2/api_auth) and sends the token it gets as X-Auth-Token.
 * The token expires (an hour by default); n8n asks for a new one when Kazoo answers 401.
 */
export class KazooApiKeyApi implements ICredentialType {
	name = 'kazooApiKeyApi';

	displayName = 'Kazoo API Key API';

	icon: Icon = kazooCredentialIcon;

	documentationUrl =
		'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business/tree/main/packages/n8n-nodes-kazoo#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The account's 64-character API key (the account document's api_key)",
		},
		...kazooConnectionFields,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await signIn(this, credentials.baseUrl, '/api_auth', { api_key: String(credentials.apiKey ?? '').trim() }, 'API key');
	}

	authenticate: IAuthenticateGeneric = kazooTokenAuthentication;

	test: ICredentialTestRequest = kazooCredentialTest();
}

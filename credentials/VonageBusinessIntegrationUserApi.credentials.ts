import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { apiLocationAndQuotaFields } from './sharedFields';

const PRODUCTION_TOKEN_URL = 'https://api.vonage.com/token';

/** VBC logins are `<user>@vbc.prod`; people often type the user part alone. */
export function vbcLogin(username: string): string {
	const trimmed = username.trim();
	return trimmed.includes('@') ? trimmed : `${trimmed}@vbc.prod`;
}

/**
 * A dedicated VBC integration user signing in with the password grant. Unlike the authorization-code
 * credential, nothing here expires unused: n8n fetches a fresh token whenever the old one is
 * rejected, so rarely run workflows keep working.
 */
export class VonageBusinessIntegrationUserApi implements ICredentialType {
	name = 'vonageBusinessIntegrationUserApi';

	displayName = 'Vonage Business Integration User API';

	icon: Icon = {
		light: 'file:../nodes/VonageBusiness/vonageBusiness.svg',
		dark: 'file:../nodes/VonageBusiness/vonageBusiness.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business#integration-user-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'For server-to-server workflows Vonage recommends a dedicated integration user: an account administrator without single sign-on. Create an application in the VBC developer portal, subscribe it to the Call Recording API, and paste its keys below.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: PRODUCTION_TOKEN_URL,
			required: true,
			description: "Vonage's token endpoint. Change it only for a test server, such as this package's sandbox.",
		},
		{
			displayName: 'Client Key',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'integration.user@vbc.prod',
			description: 'The VBC login of the integration user; @vbc.prod is added when it is missing',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...apiLocationAndQuotaFields,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const tokenUrl = String(credentials.accessTokenUrl || PRODUCTION_TOKEN_URL);
		const basic = Buffer.from(`${String(credentials.clientId)}:${String(credentials.clientSecret)}`).toString(
			'base64',
		);
		const body = new URLSearchParams({
			grant_type: 'password',
			username: vbcLogin(String(credentials.username ?? '')),
			password: String(credentials.password ?? ''),
			client_id: String(credentials.clientId ?? ''),
			client_secret: String(credentials.clientSecret ?? ''),
			scope: 'openid',
		}).toString();
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl,
			headers: {
				Authorization: `Basic ${basic}`,
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body,
			json: true,
		})) as { access_token?: string };
		return { accessToken: response.access_token ?? '' };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/api/accounts/{{$credentials.accountId || "self"}}/users/self/call_recordings',
			qs: { page_size: 1 },
		},
	};
}

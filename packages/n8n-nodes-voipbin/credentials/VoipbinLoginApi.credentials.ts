import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { logIn, VOIPBIN_API_EXPRESSION, voipbinConnectionFields } from './voipbinConnection';

/**
 * Username and password: n8n logs in (POST /auth/login at the API root) and sends the JWT it gets
 * as a Bearer token. The JWT lasts 7 days; when VoIPbin answers 401, n8n logs in once more.
 */
export class VoipbinLoginApi implements ICredentialType {
	name = 'voipbinLoginApi';

	displayName = 'VoIPbin Login API';

	icon: Icon = { light: 'file:../nodes/Voipbin/voipbin.svg', dark: 'file:../nodes/Voipbin/voipbin.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business/tree/main/packages/n8n-nodes-voipbin#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'admin@example.com',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...voipbinConnectionFields,
		{
			displayName: 'Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await logIn(this, credentials.baseUrl, credentials.username, credentials.password);
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: VOIPBIN_API_EXPRESSION, url: '/recordings', qs: { page_size: 1 } },
	};
}

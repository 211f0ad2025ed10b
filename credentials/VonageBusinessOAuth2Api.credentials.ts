import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiLocationAndQuotaFields } from './sharedFields';

const PRODUCTION_AUTHORIZE_URL = 'https://api.vonage.com/authorize';
const PRODUCTION_TOKEN_URL = 'https://api.vonage.com/token';

export class VonageBusinessOAuth2Api implements ICredentialType {
	name = 'vonageBusinessOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Vonage Business OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/VonageBusiness/vonageBusiness.svg',
		dark: 'file:../nodes/VonageBusiness/vonageBusiness.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business#set-up-the-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				'In the VBC developer portal (developer.vonage.com/en/vonage-business-communications): 1. create an application; 2. subscribe it to the Call Recording API; 3. generate its keys, and enter the client key as Client ID and the client secret as Client Secret; 4. register the OAuth Redirect URL shown above as the application\'s callback URL.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: PRODUCTION_AUTHORIZE_URL,
			required: true,
			description: "Vonage's sign-in page. Change it only to sign in at a test server, such as this package's sandbox.",
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: PRODUCTION_TOKEN_URL,
			required: true,
			description: "Vonage's token endpoint. Change it only for a test server, such as this package's sandbox.",
		},
		...apiLocationAndQuotaFields,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'openid',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];
}

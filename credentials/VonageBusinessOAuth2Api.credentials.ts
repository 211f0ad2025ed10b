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
				'In the VBC developer portal (developer.vonage.com/en/vonage-business-communications): 1. create an application; 2. subscribe it to the Call Recording API; 3. generate its keys and paste them below; 4. register the OAuth Redirect URL shown above as the application\'s callback URL.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'Sign in at api.vonage.com',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own authorize and token URLs, such as a local sandbox',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Authorization URL',
			name: 'customAuthUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://localhost:8899/authorize',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Access Token URL',
			name: 'customAccessTokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://localhost:8899/token',
			displayOptions: { show: { environment: ['custom'] } },
		},
		...apiLocationAndQuotaFields,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ $self["environment"] === "custom" ? $self["customAuthUrl"] : "${PRODUCTION_AUTHORIZE_URL}" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ $self["environment"] === "custom" ? $self["customAccessTokenUrl"] : "${PRODUCTION_TOKEN_URL}" }}`,
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

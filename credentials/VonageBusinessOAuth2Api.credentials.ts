import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

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
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.vonage.com/t/vbc.prod/call_recording',
			required: true,
			description:
				'The Call Recording API root. Use https://api.vonage.com/t/vbc.prod/call_recording_india for the India region.',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: 'self',
			description:
				"Your VBC account ID, or 'self' for the account of the user who connects the credential",
		},
		{
			displayName: 'Request Quota (Requests per Window)',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'How many requests VBC allows per token in one quota window (10 per minute by default). The node spreads loops of requests so they never exceed it. 0 turns this off.',
		},
		{
			displayName: 'Quota Window (Seconds)',
			name: 'quotaWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
		},
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

import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { VOIPBIN_API_EXPRESSION, voipbinConnectionFields } from './voipbinConnection';

/**
 * A VoIPbin access key. VoIPbin reads it only from the `accesskey` query parameter (or a cookie),
 * never from a header, so it is in every request URL: the node never puts a request URL into an
 * error, a log or its output, and sends it only to the Base URL's origin.
 */
export class VoipbinAccessKeyApi implements ICredentialType {
	name = 'voipbinAccessKeyApi';

	displayName = 'VoIPbin Access Key API';

	icon: Icon = { light: 'file:../nodes/Voipbin/voipbin.svg', dark: 'file:../nodes/Voipbin/voipbin.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business/tree/main/packages/n8n-nodes-voipbin#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'vb_…',
			description: 'An access key from the VoIPbin admin console (Access Keys), shown once when it is created',
		},
		...voipbinConnectionFields,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { qs: { accesskey: '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: VOIPBIN_API_EXPRESSION, url: '/recordings', qs: { page_size: 1 } },
	};
}

import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An access key of Bird's workspace API (api.bird.com), the only Bird API with call recordings. It is
 * sent as `Authorization: AccessKey <key>`: the API's security scheme says AccessKey, although some
 * of Bird's generated snippets show Bearer. Access keys do not expire, so there is no sign-in step.
 */
export class BirdRecordingsApi implements ICredentialType {
	name = 'birdRecordingsApi';

	displayName = 'Bird Recordings API';

	icon: Icon = { light: 'file:../nodes/Bird/bird.svg', dark: 'file:../nodes/Bird/bird.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business/tree/main/packages/n8n-nodes-bird-recordings#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An access key from Bird (Settings → Security → Access keys) with a role that may read recordings',
		},
		{
			displayName: 'Workspace ID',
			name: 'workspaceId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '8bc02f53-87ac-48d2-b4fd-c2cf856a305f',
			description: 'The UUID of the Bird workspace whose recordings to use (in the app URL after /workspaces/)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.bird.com',
			description: 'The Bird API; change it only for a test server',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'At most this many requests a second per credential. Bird documents no rate limit for this API; 429 answers are waited out as well. 0 turns pacing off.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=AccessKey {{$credentials.apiKey.trim()}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '=/workspaces/{{$credentials.workspaceId.trim()}}/recordings',
			qs: { limit: 1 },
			headers: { Accept: 'application/json' },
		},
	};
}

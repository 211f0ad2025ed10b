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
import { md5Hex } from './md5';

/** How Kazoo's user sign-in names the account, by the credential's Account Identified By. */
const ACCOUNT_FIELDS: Record<string, string> = {
	name: 'account_name',
	realm: 'account_realm',
	phoneNumber: 'phone_number',
};

/** Kazoo's user credentials: md5 of "username:password", the username lower-cased first. */
export function kazooUserCredentials(username: string, password: string): string {
	return md5Hex(`${username.trim().toLowerCase()}:${password}`);
}

/**
 * Signs in as a Kazoo user (PUT /v2/user_auth) and sends the token it gets as X-Auth-Token. The
 * password never leaves n8n: Kazoo gets md5("username:password").
 */
export class KazooUserApi implements ICredentialType {
	name = 'kazooUserApi';

	displayName = 'Kazoo User API';

	icon: Icon = kazooCredentialIcon;

	documentationUrl =
		'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business/tree/main/packages/n8n-nodes-kazoo#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Account Identified By',
			name: 'accountIdentifier',
			type: 'options',
			options: [
				{ name: 'Account Name', value: 'name' },
				{ name: 'Account Realm', value: 'realm' },
				{ name: 'Phone Number', value: 'phoneNumber' },
			],
			default: 'name',
			description: 'How Kazoo finds the account the user belongs to when signing in',
		},
		{
			displayName: 'Account Name, Realm or Phone Number',
			name: 'accountIdentifierValue',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'sandbox.kazoo.test',
		},
		...kazooConnectionFields,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const field = ACCOUNT_FIELDS[String(credentials.accountIdentifier)] ?? 'account_name';
		return await signIn(
			this,
			credentials.baseUrl,
			'/user_auth',
			{
				credentials: kazooUserCredentials(String(credentials.username ?? ''), String(credentials.password ?? '')),
				method: 'md5',
				[field]: String(credentials.accountIdentifierValue ?? '').trim(),
			},
			'username and password',
		);
	}

	authenticate: IAuthenticateGeneric = kazooTokenAuthentication;

	test: ICredentialTestRequest = kazooCredentialTest();
}

import type { INode } from 'n8n-workflow';

import { embeddedItems, followNextLink, httpResponseOf } from '../../nodes/VonageBusiness/shared/transport';

const node = { name: 'VBC' } as INode;
const api = { baseUrl: 'https://api.vonage.com/t/vbc.prod/call_recording', origin: 'https://api.vonage.com', accountId: 'self' };

describe('paging helpers (pure)', () => {
	it('follows the link’s path and page, keeping our filters underneath', () => {
		const next = followNextLink(
			node,
			api,
			'https://api.vonage.com/t/vbc.prod/call_recording/api/accounts/549825/company_call_recordings?page=3',
			{ call_direction: 'INBOUND', page_size: 100, 'start:gte': '2026-01-01T00:00:00+0000' },
		);
		expect(next).toEqual({
			url: 'https://api.vonage.com/t/vbc.prod/call_recording/api/accounts/549825/company_call_recordings',
			qs: { call_direction: 'INBOUND', page_size: 100, 'start:gte': '2026-01-01T00:00:00+0000', page: '3' },
		});
	});

	it('resolves a relative link against the API base URL', () => {
		expect(followNextLink(node, api, '/t/vbc.prod/call_recording/api/x?page=1', {}).url).toBe(
			'https://api.vonage.com/t/vbc.prod/call_recording/api/x',
		);
	});

	it.each(['https://evil.example/steal?page=2', 'http://api.vonage.com/t/vbc.prod/call_recording/x?page=2', 'https://api.vonage.com.evil.example/x'])(
		'refuses a next link on another origin: %s',
		(href) => {
			expect(() => followNextLink(node, api, href, {})).toThrow('not to the API host in the credential (api.vonage.com)');
		},
	);

	it('finds the embedded list whatever its name', () => {
		expect(embeddedItems({ _embedded: { jobs: [{ id: 'a' }] } })).toEqual([{ id: 'a' }]);
		expect(embeddedItems({ _embedded: {} })).toEqual([]);
		expect(embeddedItems(undefined)).toEqual([]);
	});

	it('finds the HTTP response behind a wrapped error', () => {
		const axiosLike = { response: { status: 404, data: { msg: 'x' } } };
		expect(httpResponseOf({ cause: axiosLike })?.status).toBe(404);
		expect(httpResponseOf(new Error('no response'))).toBeUndefined();
	});
});

import { NodeApiError, type INode } from 'n8n-workflow';

import { httpResponseOf } from '../../nodes/VonageBusiness/shared/transport';

const node: INode = { id: 'n', name: 'VBC', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };

/** Where the HTTP status of a failure that n8n itself threw is found, on n8n 2.x and on 1.x. */
describe('httpResponseOf', () => {
	it('finds the HTTP client error that n8n 2.x keeps as cause', () => {
		const clientError = Object.assign(new Error('Request failed with status code 404'), {
			response: { status: 404, headers: { 'retry-after': '3' }, data: { msg: 'gone' } },
		});
		const wrapped = new Error('wrapped', { cause: clientError });
		expect(httpResponseOf(wrapped)).toEqual({ status: 404, headers: { 'retry-after': '3' }, data: { msg: 'gone' } });
	});

	it("falls back to a NodeApiError's httpCode and body when the response itself is gone (n8n 1.x)", () => {
		const error = new NodeApiError(node, { message: 'x' }, { httpCode: '401' });
		error.context.data = { error: 'invalid_grant' };
		expect(httpResponseOf(error)).toEqual({ status: 401, data: { error: 'invalid_grant' }, headers: {} });
	});

	it('a network error has no response', () => {
		expect(httpResponseOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBeUndefined();
	});
});

import type {
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IDataObject,
	INode,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidInputError } from './validation';

/** JSON results as output items. */
export const asItems = (results: IDataObject[]): INodeExecutionData[] => results.map((json) => ({ json }));

/** Errors as n8n shows them: bad input names the field; everything else keeps its own type. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof InvalidInputError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Field: ${error.field}` });
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)), { itemIndex });
}

/** Results of one input item, each paired with it; an error becomes an item only under continueOnFail. */
async function runForItem(
	node: INode,
	continueOnFail: boolean,
	itemIndex: number,
	run: () => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	try {
		const results = await run();
		return results.map((result) => ({ ...result, pairedItem: { item: itemIndex } }));
	} catch (error) {
		const nodeError = asNodeError(node, error, itemIndex);
		if (continueOnFail) return [{ json: { error: nodeError.message }, pairedItem: { item: itemIndex } }];
		throw nodeError;
	}
}

/**
 * The routing of a declarative operation that runs code instead of one request.
 *
 * Declarative routing (RoutingNode) has no hook around an operation's request other than its
 * paginator: with `send: { paginate: true }`, RoutingNode hands the whole operation to
 * `operations.pagination` for each item, and uses what it returns as that item's output. So an
 * operation's code goes in there. It gets the provider's connection, and the item contract every
 * operation shares: clear errors, `continueOnFail`, `pairedItem`. `connect` builds the connection
 * (the package's `get…Api`); `method` is the HTTP method RoutingNode would show for the operation.
 */
export function codeRouting<Api>(
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
	connect: (this: IExecuteSingleFunctions) => Promise<Api>,
	run: (this: IExecuteSingleFunctions, api: Api, itemIndex: number) => Promise<INodeExecutionData[]>,
): INodePropertyRouting {
	return {
		request: { method },
		send: { paginate: true },
		operations: { pagination: routedOperation(connect, run) },
	};
}

/** The paginator `codeRouting` installs: one item, its results paired, its error per continueOnFail. */
export function routedOperation<Api>(
	connect: (this: IExecuteSingleFunctions) => Promise<Api>,
	run: (this: IExecuteSingleFunctions, api: Api, itemIndex: number) => Promise<INodeExecutionData[]>,
): (this: IExecutePaginationFunctions) => Promise<INodeExecutionData[]> {
	return async function (this: IExecutePaginationFunctions): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		return await runForItem(this.getNode(), this.continueOnFail(), itemIndex, async () => {
			const api = await connect.call(this);
			return await run.call(this, api, itemIndex);
		});
	};
}

/** The same contract for code-driven operations (custom operations), item by item. */
export async function forEachItem<Api>(
	context: IExecuteFunctions,
	connect: (this: IExecuteFunctions) => Promise<Api>,
	run: (itemIndex: number, api: Api) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	let api: Api | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		output.push(
			...(await runForItem(context.getNode(), context.continueOnFail(), itemIndex, async () => {
				api ??= await connect.call(context);
				return await run(itemIndex, api);
			})),
		);
	}
	return [output];
}

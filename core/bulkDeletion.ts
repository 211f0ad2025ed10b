import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './items';

/**
 * Deletes listed items one by one, or with Dry Run only reports them: one output item each, with
 * `deleted` (and `dryRun` or `error`). A failing deletion is reported on its own item and does not
 * stop the others.
 */
export async function deleteEach(
	node: INode,
	listed: IDataObject[],
	options: {
		dryRun: boolean;
		itemIndex?: number;
		summary: (item: IDataObject) => IDataObject;
		deleteOne: (item: IDataObject) => Promise<void>;
	},
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const item of listed) {
		const summary = options.summary(item);
		if (options.dryRun) {
			output.push({ json: { ...summary, dryRun: true, deleted: false } });
			continue;
		}
		try {
			await options.deleteOne(item);
			output.push({ json: { ...summary, deleted: true } });
		} catch (error) {
			output.push({ json: { ...summary, deleted: false, error: asNodeError(node, error, options.itemIndex).message } });
		}
	}
	return output;
}

import type { IDataObject, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError } from './items';

/** The most a single execution may delete, whatever the node says: a runaway filter stays bounded. */
export const DELETE_MANY_CEILING = 10_000;

/** Delete Many's warning, shown first. */
export const deleteManyNotice = (show: Record<string, string[]>): INodeProperties => ({
	displayName: 'Deletion is permanent. Keep Dry Run on until the output lists exactly the recordings you mean to delete.',
	name: 'deleteManyNotice',
	type: 'notice',
	default: '',
	displayOptions: { show },
});

/** Delete Many's Dry Run (on by default) and its per-execution bound. */
export const deleteManySafetyFields = (show: Record<string, string[]>): INodeProperties[] => [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description: 'Whether to only list what would be deleted, without deleting anything',
		displayOptions: { show },
	},
	{
		displayName: 'Max Deletions per Execution',
		name: 'maxDeletions',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 500,
		description: `At most this many recordings are listed or deleted per execution (at most ${DELETE_MANY_CEILING})`,
		displayOptions: { show },
	},
];

/**
 * Deletes listed items one by one (or, on a dry run, only reports them): one output item each, with
 * `deleted`, and the error of a deletion that failed, which does not stop the others.
 */
export async function deleteListed(
	node: INode,
	items: IDataObject[],
	options: {
		dryRun: boolean;
		itemIndex: number;
		summary: (item: IDataObject) => IDataObject;
		remove: (item: IDataObject) => Promise<unknown>;
	},
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const item of items) {
		const summary = options.summary(item);
		if (options.dryRun) {
			output.push({ json: { ...summary, dryRun: true, deleted: false } });
			continue;
		}
		try {
			await options.remove(item);
			output.push({ json: { ...summary, deleted: true } });
		} catch (error) {
			output.push({ json: { ...summary, deleted: false, error: asNodeError(node, error, options.itemIndex).message } });
		}
	}
	return output;
}

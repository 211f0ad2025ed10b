import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { decidePoll, firstState, holdBack, isPollState, listFrom, release, type Candidate, type PollState } from './pollState';
import { MINUTE_MS, type TriggerOptions } from './triggerOptions';

/** A listed item on the poll state's axis. */
export type ListedItem = Candidate & { item: IDataObject };

export interface PollPlan {
	/** Identifies what is watched: stored state is reused only for the same. */
	config: string;
	/** Every qualifying item from `fromMs` on. */
	list(fromMs: number, now: number): Promise<ListedItem[]>;
	/**
	 * Makes an item complete (attaches its audio), or says why it cannot yet; without it, items are
	 * emitted as listed. A failure must be returned as `missing`, not thrown.
	 */
	complete?(item: IDataObject): Promise<{ item?: INodeExecutionData; missing?: string }>;
}

/**
 * One poll of a recordings trigger on the core's poll state: list the window (on the first activation,
 * remember what is there, except a catch-up period), decide, complete each item (holding back, for a
 * bounded time, what cannot be completed yet, without holding up the others), and store the new state.
 * A poll that throws stores nothing, so the same window is listed again.
 */
export async function pollOnce(this: IPollFunctions, plan: PollPlan, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const staticData = this.getWorkflowStaticData('node');
	const now = Date.now();
	const settings = { now, windowMs: options.windowMs };
	const stored = staticData.config === plan.config && isPollState(staticData.state) ? staticData.state : undefined;
	let state: PollState;
	let listed: ListedItem[];
	if (stored) {
		state = stored;
		listed = await plan.list(listFrom(state, settings), now);
	} else {
		const catchUpFrom = options.catchUpMs > 0 ? now - options.catchUpMs : undefined;
		listed = await plan.list(Math.min(now - options.windowMs, catchUpFrom ?? Infinity), now);
		state = firstState(listed, catchUpFrom);
		if (catchUpFrom === undefined) {
			staticData.config = plan.config;
			staticData.state = state as unknown as IDataObject;
			return [];
		}
	}
	const decision = decidePoll(state, listed, { ...settings, maxItems: options.maxItems, listingWasStable: true });
	const output: INodeExecutionData[] = [];
	for (const candidate of decision.emit) {
		if (!plan.complete) {
			output.push({ json: candidate.item });
			continue;
		}
		const { item, missing } = await plan.complete(candidate.item);
		if (item) {
			release(decision.next, candidate.key);
			output.push(item);
		} else if (holdBack(decision.next, candidate, now, options.waitForAudioMs) === 'expired') {
			const waited = Math.round(options.waitForAudioMs / MINUTE_MS);
			output.push({ json: { ...candidate.item, audioError: `No audio after ${waited} min: ${missing}` } });
		}
	}
	staticData.config = plan.config;
	staticData.state = decision.next as unknown as IDataObject;
	return output;
}

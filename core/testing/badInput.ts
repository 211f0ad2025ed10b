import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { TestCredentialsHelper, WorkflowRun } from './engine';

/** [what, node parameters, expected message (a part of it), credential overrides] */
export type BadInputCase = [string, IDataObject, string, IDataObject?];

/**
 * The bad-input table every package runs: each case must end in a clear error (naming the field, for
 * node parameters) and send no request at all. `requestCount` reads the package's sandbox log.
 */
export function describeBadInputs(
	cases: BadInputCase[],
	setup: {
		start: () => Promise<{ stop(): Promise<void> }>;
		requestCount: () => number;
		resetLog: () => void;
		credentials: (overrides: IDataObject) => TestCredentialsHelper;
		run: (credentials: TestCredentialsHelper, parameters: INodeParameters) => Promise<WorkflowRun>;
		nodeName: string;
	},
): void {
	describe(`Bad input: ${cases.length} cases, each a clear error and zero requests`, () => {
		let sandbox: { stop(): Promise<void> };
		beforeAll(async () => {
			sandbox = await setup.start();
		});
		afterAll(async () => {
			await sandbox.stop();
		});
		beforeEach(() => setup.resetLog());

		it('there are at least 40', () => expect(cases.length).toBeGreaterThanOrEqual(40));

		// One argument, spread inside: jest treats a test function with more parameters than the row as
		// one that takes a `done` callback.
		it.each(cases)('%s', async (...row) => {
			const [, parameters, message, credentialOverrides] = row;
			const run = await setup.run(setup.credentials(credentialOverrides ?? {}), parameters as INodeParameters);
			const error = run.error(setup.nodeName) as unknown as { message: string; description: string };
			expect(error?.message).toContain(message);
			if (!credentialOverrides && !message.startsWith('The credential')) expect(error.description).toMatch(/^Field: /);
			expect(setup.requestCount()).toBe(0);
		});
	});
}

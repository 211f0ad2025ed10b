/**
 * The n8n editor in headless Chromium (Debian's package, driven by playwright-core): the package's nodes
 * appear in the node creator with their triggers and actions, and their parameters render. Saves the
 * screenshot the README shows.
 */
import { resolve } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { launchBrowser, signIn } from '../../scripts/lib/browser';
import type { N8nInstance } from '../../scripts/lib/n8n-instance';
import { LINES, n8nWithPackage, PORT_OFFSETS } from './harness';

const SCREENSHOT = resolve(__dirname, '../../docs/images/editor-download-node.png');
const README = 'https://github.com/n8n-nodes-vonage-business/n8n-nodes-vonage-business';
const ACTION_DESCRIPTION = 'Work with Vonage Business Communications call recordings, transcriptions and export jobs';
const TRIGGER_DESCRIPTION = 'Starts the workflow when a VBC call recording, transcription or export job appears';
/** An entry of the node creator's list (2.x and 1.x), and its name and description. */
const ENTRY = '[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]';
const ENTRY_NAME = '[data-test-id="node-creator-item-name"]';
const ENTRY_DESCRIPTION = '[data-test-id="node-creator-item-description"]';
const owner = { email: 'e2e@example.com', firstName: 'End', lastName: 'ToEnd', password: 'VbcE2e-2026-pass' };

describe.each(LINES)('n8n (%s line): the editor', (line) => {
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		n8n = n8nWithPackage(line, PORT_OFFSETS.editor);
		await n8n.start();
		await n8n.setupOwner(owner);
		browser = await launchBrowser();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		await signIn(page, n8n.url, owner);
		await page.goto(`${n8n.url}/workflow/new`);
		await page.locator('[data-test-id="canvas-add-button"]').waitFor({ timeout: 60_000 });
	}, 300_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	/** The node creator's entry with this description. */
	function entryDescribedAs(description: string) {
		return page.locator(ENTRY).filter({ has: page.locator(ENTRY_DESCRIPTION, { hasText: description }) }).first();
	}

	/** The href of the Docs link in the open node's details view. */
	async function docsLink(): Promise<string | null> {
		const link = page.locator(`[data-test-id="ndv"] a[href^="${README}"]`).first();
		await link.waitFor({ state: 'attached' });
		return await link.getAttribute('href');
	}

	async function closeNdv() {
		// 2.x: ndv-close-button; 1.x: back-to-canvas.
		await page.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]').first().click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
	}

	/** The text of every node on the canvas: names and subtitles. */
	async function canvasText(): Promise<string> {
		const nodes = page.locator('[data-test-id="canvas-node"]');
		await nodes.first().waitFor();
		return (await nodes.allInnerTexts()).join('\n');
	}

	async function searchNodeCreator(text: string) {
		const search = page.locator('[data-test-id="node-creator-search-bar"]');
		await search.waitFor();
		await search.fill(text);
	}

	// The node-creator checks find entries by n8n 2.x's `node-creator-item-description` test id, which the 1.x
	// editor does not render: on 1.123.81 they run only once written against its markup (open, see CHANGELOG).
	const onCurrentLine = line === 'current' ? it : it.skip;

	onCurrentLine('the trigger is offered as a first step, with its three events; choosing one sets the Event field', async () => {
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await searchNodeCreator('Vonage Business');
		await entryDescribedAs(TRIGGER_DESCRIPTION).click();
		const items = page.locator(ENTRY_NAME);
		await items.filter({ hasText: 'On new recording' }).waitFor();
		const texts = await items.allInnerTexts();
		expect(texts).toEqual(expect.arrayContaining(['On new recording', 'On transcription ready', 'On export job finished']));

		await items.filter({ hasText: 'On transcription ready' }).click();
		const event = page.locator('[data-test-id="parameter-input-event"]');
		await event.waitFor();
		expect(await event.locator('input').inputValue()).toBe('Transcription Ready');
		await event.click();
		const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
		await options.first().waitFor();
		// Each option shows its name, then its description.
		const names = (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		expect(names).toEqual(expect.arrayContaining(['New Recording', 'Transcription Ready', 'Export Job Finished']));
		await page.keyboard.press('Escape');
		// The Docs link opens the README's trigger section: the anchor is not followed by n8n's tracking parameters.
		await expect(docsLink()).resolves.toBe(`${README}#trigger`);
		await closeNdv();
		// The subtitle under the node reads as the option does.
		const canvas = await canvasText();
		expect(canvas).toContain('Transcription Ready');
		expect(canvas).not.toContain('transcriptionReady');
	});

	onCurrentLine('after another node, the action node is offered with its own description, lists its actions; choosing one shows Resource and Operation', async () => {
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await searchNodeCreator('Vonage Business');
		// n8n gives an action node merged with its trigger the trigger's description: this entry must keep its own.
		const entry = entryDescribedAs(ACTION_DESCRIPTION);
		await entry.waitFor();
		await expect(entry.locator(ENTRY_NAME).innerText()).resolves.toMatch(/^\s*Vonage Business Call Recording\s*$/);
		await entry.click();
		const action = page.locator('[data-test-id="node-creator-item-name"]', { hasText: 'Download the audio of a recording' });
		await action.waitFor();
		await action.click();

		const resource = page.locator('[data-test-id="parameter-input-resource"]');
		const operation = page.locator('[data-test-id="parameter-input-operation"]');
		await resource.waitFor();
		expect(await resource.locator('input').inputValue()).toBe('Recording');
		expect(await operation.locator('input').inputValue()).toBe('Download');
		await expect(page.locator('[data-test-id="parameter-input-recordingId"]').count()).resolves.toBe(1);
		if (line === 'current') await page.screenshot({ path: SCREENSHOT });
		await expect(docsLink()).resolves.toBe(`${README}#operations`);
		await closeNdv();
		await expect(canvasText()).resolves.toContain('Download: Recording');
	});

	it('the action node is also registered as an AI tool (usableAsTool), and both nodes carry their codex categories', async () => {
		const types = await page.evaluate(async () => {
			const response = await fetch('/types/nodes.json');
			// Only names and categories cross back from the page: the whole list is many megabytes.
			const all = (await response.json()) as Array<{ name: string; codex?: { categories?: string[] } }>;
			return all.map(({ name, codex }) => ({ name, codex: { categories: codex?.categories } }));
		});
		const byName = new Map(types.map((type) => [type.name, type]));
		expect(byName.has('n8n-nodes-vonage-business.vonageBusinessTool')).toBe(true);
		for (const name of ['n8n-nodes-vonage-business.vonageBusiness', 'n8n-nodes-vonage-business.vonageBusinessCallRecordingTrigger']) {
			expect(byName.get(name)?.codex?.categories).toEqual(['Communication', 'Productivity']);
		}
	});
});

/**
 * `npm run test:e2e` needs a browser for its editor tests. Without one it can neither find nor install, it
 * stops at once and says how to get one, instead of failing the editor tests after the rest of the suite.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const runner = resolve(__dirname, '../../scripts/e2e.js');

describe('the end-to-end runner without a browser', () => {
	it('stops within seconds, before installing n8n or building, and says how to get Chromium', () => {
		const started = Date.now();
		const result = spawnSync(process.execPath, [runner], {
			encoding: 'utf8',
			env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', E2E_N8N_LINES: 'current' },
			timeout: 60_000,
		});
		const seconds = (Date.now() - started) / 1000;
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('CHROMIUM_PATH is /nonexistent/chromium, which does not exist');
		expect(result.stdout).toContain('sudo apt-get install chromium');
		expect(result.stdout).toMatch(/^e2e: 0 passed, 1 failed$/m);
		expect(result.stdout).not.toMatch(/installed or found in the cache|build and npm pack/);
		expect(seconds).toBeLessThan(15);
	});
});

'use strict';
// Headless Chromium from Debian's package, driven by playwright-core (which downloads no browser).
const { spawn, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { chromium } = require('playwright-core');

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM = process.env.CHROMIUM_PATH ?? DEBIAN_CHROMIUM;
const HOW_TO_GET_IT =
	"Install Debian's or Ubuntu's chromium package (sudo apt-get install chromium), or set CHROMIUM_PATH to a " +
	'Chromium or Chrome binary, then run again.';

function commandExists(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * How the browser the editor tests need is obtained: 'present', or 'install' (apt-get as root or with
 * password-less sudo, as .ci/run does). Throws at once, saying how to get it, when neither works, so that a
 * run does not fail only after its other tests.
 */
function chromiumPlan() {
	if (existsSync(CHROMIUM)) return { action: 'present' };
	if (CHROMIUM !== DEBIAN_CHROMIUM) throw new Error(`CHROMIUM_PATH is ${CHROMIUM}, which does not exist. ${HOW_TO_GET_IT}`);
	const canInstall = commandExists('apt-get') && (process.getuid?.() === 0 || (commandExists('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0));
	if (!canInstall) throw new Error(`The editor tests need Chromium at ${CHROMIUM}, and it cannot be installed from here. ${HOW_TO_GET_IT}`);
	return { action: 'install' };
}

/** Installs Debian's chromium package; rejects with the tail of apt-get's output when that fails. */
function installChromium() {
	const sudo = process.getuid?.() === 0 ? '' : 'sudo -n ';
	const script = `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium`;
	return new Promise((resolvePromise, reject) => {
		const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (status) => {
			if (status === 0 && existsSync(CHROMIUM)) resolvePromise();
			else reject(new Error(`apt-get install chromium failed (${status}): ${output.slice(-1500)}\n${HOW_TO_GET_IT}`));
		});
	});
}

// Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this closed
// network refuses.
const CHROMIUM_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

async function launchBrowser() {
	return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Signs in to the n8n editor through its sign-in form. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	const emailInput = page.locator('input[type="email"], input[name="email"], input[name="emailOrLdapLoginId"]').first();
	await emailInput.waitFor({ timeout: 60_000 });
	await emailInput.fill(email);
	await page.locator('input[type="password"]').first().fill(password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, chromiumPlan, installChromium, launchBrowser, signIn };

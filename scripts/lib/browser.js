'use strict';
// Headless Chromium from Debian's package, driven by playwright-core (which downloads no browser).
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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

module.exports = { CHROMIUM, CHROMIUM_ARGS, launchBrowser, signIn };

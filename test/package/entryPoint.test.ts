/**
 * The published package's entry point: `require('n8n-nodes-vonage-business')`, resolved from a project that
 * installed the packed tarball, gives the node and credential classes n8n loads from the same tarball.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const manifest = require('../../package.json') as { name: string; n8n: { nodes: string[]; credentials: string[] } };

describe('the package entry point (index.js in the packed tarball)', () => {
	let project: string;
	let installed: string;

	beforeAll(() => {
		if (!existsSync(join(root, 'dist'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
		project = mkdtempSync(join(tmpdir(), 'vbc-entry-'));
		execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
		const tarball = join(project, readdirSync(project).find((file) => file.endsWith('.tgz'))!);
		// What `npm install <tarball>` puts in node_modules, without the network: the tarball unpacked, and what
		// n8n provides to community packages (n8n-workflow, the peer dependency, and luxon).
		installed = join(project, 'node_modules', manifest.name);
		mkdirSync(installed, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
		for (const provided of ['n8n-workflow', 'luxon']) symlinkSync(join(root, 'node_modules', provided), join(project, 'node_modules', provided), 'dir');
		writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
	}, 120_000);

	afterAll(() => rmSync(project, { recursive: true, force: true }));

	/** Requires a module from inside the consumer project, as its own code would; describes the classes it exports. */
	function requireFromProject(request: string) {
		const script = `
			const exported = Object.entries(require(${JSON.stringify(request)})).filter(([, value]) => /^class /.test(String(value)));
			const describe = (instance) => instance.description ? { kind: 'node', name: instance.description.name } : { kind: 'credential', name: instance.name };
			console.log(JSON.stringify(Object.fromEntries(exported.map(([key, Class]) => [key, describe(new Class())]))));`;
		const output = execFileSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
		return JSON.parse(output) as Record<string, { kind: string; name: string }>;
	}

	it("exports the node and credential classes n8n loads from the package's n8n section", () => {
		const exported = requireFromProject(manifest.name);
		expect(exported).toEqual({
			VonageBusiness: { kind: 'node', name: 'vonageBusiness' },
			VonageBusinessCallRecordingTrigger: { kind: 'node', name: 'vonageBusinessCallRecordingTrigger' },
			VonageBusinessOAuth2Api: { kind: 'credential', name: 'vonageBusinessOAuth2Api' },
			VonageBusinessIntegrationUserApi: { kind: 'credential', name: 'vonageBusinessIntegrationUserApi' },
		});
		// The same classes as the files n8n loads.
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			const fromFile = requireFromProject(`${manifest.name}/${file}`);
			const [className] = Object.keys(fromFile);
			expect(exported[className]).toEqual(fromFile[className]);
		}
	});
});

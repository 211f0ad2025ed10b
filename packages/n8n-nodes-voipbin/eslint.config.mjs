// The root package's lint rules (n8n's rules for verified community nodes), applied to this package's
// nodes, credentials and package.json, and to the shared core it compiles in (core/ is a link to ../../core).
import rootConfig from '../../eslint.config.mjs';

const coreFiles = ['core/**/*.ts'];
const [ignores, communityBlock] = rootConfig;

export default [
	{ ...ignores, ignores: [...ignores.ignores, 'core/testing/**', 'sandbox/**', 'examples/**', 'eslint.config.mjs'] },
	...rootConfig.slice(1),
	{ ...communityBlock, files: coreFiles },
];

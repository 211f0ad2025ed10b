// n8n-core reads its folders and settings from the environment when it is first loaded:
// point them at a scratch folder so tests never touch ~/.n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'vbc-n8n-'));
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_BINARY_DATA_STORAGE_PATH = join(folder, 'binary');
process.env.N8N_ENCRYPTION_KEY = 'test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_LOG_LEVEL = 'silent';

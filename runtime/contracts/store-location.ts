import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The default SQLite file: inside n8n's own folder (`$N8N_USER_FOLDER/.n8n`, else `~/.n8n`), so it
 * lives and is backed up with the rest of the instance's data.
 */
export function defaultSqlitePath(env: NodeJS.ProcessEnv = process.env): string {
	const userFolder = env.N8N_USER_FOLDER && env.N8N_USER_FOLDER.trim() !== '' ? env.N8N_USER_FOLDER : homedir();
	return join(userFolder, '.n8n', 'syncbridge', 'contracts.sqlite');
}

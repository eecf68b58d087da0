import { createRequire } from 'node:module';
import { join } from 'node:path';

import { n8nHostDir } from './paths';

export interface OwnerAccount {
	email: string;
	password: string;
}

/** n8n's environment for an owner account managed by env vars (n8n wants the password as a bcrypt hash). */
export function ownerEnvironment(owner: OwnerAccount): Record<string, string> {
	const bcrypt = createRequire(join(n8nHostDir, 'package.json'))('bcryptjs') as {
		hashSync(password: string, rounds: number): string;
	};
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
	};
}

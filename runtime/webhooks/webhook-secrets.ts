/**
 * The secrets configured for one endpoint: several are accepted at once so a sender can rotate
 * without downtime. Each input may hold several secrets separated by line breaks; surrounding
 * whitespace and empty lines are ignored.
 */
export function parseSecrets(...inputs: ReadonlyArray<string | undefined | null>): string[] {
	const secrets: string[] = [];
	for (const input of inputs) {
		if (typeof input !== 'string') continue;
		for (const line of input.split(/\r?\n/)) {
			const secret = line.trim();
			if (secret !== '' && !secrets.includes(secret)) secrets.push(secret);
		}
	}
	return secrets;
}

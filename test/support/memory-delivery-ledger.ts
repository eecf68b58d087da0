import { systemClock, type Clock } from '../../runtime/webhooks/clock';
import type { ClaimTerms, DeliveryClaim, DeliveryLedger } from '../../runtime/webhooks/delivery-ledger';

interface Entry {
	state: 'in-flight' | 'completed';
	leaseUntil: number;
	expiresAt: number;
	attempts: number;
}

/** A delivery ledger for one process (and the reference for the shared Postgres one). */
export class MemoryDeliveryLedger implements DeliveryLedger {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly now: Clock = systemClock) {}

	async claim(key: string, terms: ClaimTerms): Promise<DeliveryClaim> {
		const now = this.now();
		const entry = this.entries.get(key);
		const reclaimable =
			entry === undefined || entry.expiresAt <= now || (entry.state === 'in-flight' && entry.leaseUntil <= now);
		if (!reclaimable) {
			if (entry.state === 'completed') return { state: 'completed' };
			return { state: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil((entry.leaseUntil - now) / 1000)) };
		}
		const attempts = entry !== undefined && entry.expiresAt > now ? entry.attempts + 1 : 1;
		this.entries.set(key, {
			state: 'in-flight',
			leaseUntil: now + terms.leaseSeconds * 1000,
			expiresAt: now + Math.max(terms.retentionSeconds, terms.leaseSeconds) * 1000,
			attempts,
		});
		this.prune(now);
		return { state: 'claimed', attempt: attempts };
	}

	async complete(keys: readonly string[]): Promise<void> {
		for (const key of keys) {
			const entry = this.entries.get(key);
			if (entry !== undefined) entry.state = 'completed';
		}
	}

	private prune(now: number): void {
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
	}
}

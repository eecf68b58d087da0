import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

export interface SenderOptions {
	url: string;
	secret: string;
	/** Requests in flight at once. A delivery waiting to be retried holds no slot, as with real senders. */
	concurrency: number;
	/** Attempts per delivery, the first included. */
	maxAttempts: number;
	/** Per-request timeout: a sender that waited this long counts the attempt as failed and retries. */
	requestTimeoutMs: number;
	/** Give up on a delivery this long after its first attempt. */
	deadlineMs: number;
	/** Backoff base; attempt n waits base * 2^(n-1) (capped at 10 s), or Retry-After when given. */
	backoffMs?: number;
}

export interface Delivery {
	deliveryId: string;
	body: unknown;
}

export interface SenderStats {
	/** Deliveries whose first attempt was made. */
	deliveries: number;
	/** Deliveries answered 2xx. */
	succeeded: number;
	requests: number;
	retries: number;
	/** Answers by status (`timeout`/`network` for failed requests). */
	answers: Record<string, number>;
	/** Deliveries never answered 2xx within attempts and deadline. */
	failed: Delivery[];
	durationMs: number;
}

export function emptySenderStats(): SenderStats {
	return { deliveries: 0, succeeded: 0, requests: 0, retries: 0, answers: {}, failed: [], durationMs: 0 };
}

/** A FIFO semaphore: slots are granted in the order they were asked for. */
class Slots {
	private free: number;
	private readonly waiting: (() => void)[] = [];

	constructor(count: number) {
		this.free = Math.max(1, count);
	}

	async take(): Promise<void> {
		if (this.free > 0) {
			this.free -= 1;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	give(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.free += 1;
	}
}

/**
 * Sends GitHub-style signed webhooks the way a real sender does: deliveries go out in order with at
 * most `concurrency` requests in flight, and each is retried on non-2xx answers and timeouts with
 * exponential backoff (honouring Retry-After), bounded in attempts and time. Waiting for a retry
 * does not hold back later deliveries.
 */
export async function sendDeliveries(
	deliveries: readonly Delivery[],
	options: SenderOptions,
	stats: SenderStats = emptySenderStats(),
): Promise<SenderStats> {
	const started = performance.now();
	const slots = new Slots(options.concurrency);
	const count = (key: string) => (stats.answers[key] = (stats.answers[key] ?? 0) + 1);

	const attempt = async (
		delivery: Delivery,
		raw: string,
		signature: string,
	): Promise<{ ok: boolean; retryAfterMs?: number; sentAt: number }> => {
		await slots.take();
		// The deadline runs from the first request on the wire, not from the wait for a slot before it.
		const sentAt = Date.now();
		stats.requests += 1;
		try {
			const response = await fetch(options.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-hub-signature-256': signature,
					'x-github-delivery': delivery.deliveryId,
				},
				body: raw,
				signal: AbortSignal.timeout(options.requestTimeoutMs),
			});
			await response.arrayBuffer();
			count(String(response.status));
			const retryAfter = Number(response.headers.get('retry-after'));
			return {
				ok: response.ok,
				retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
				sentAt,
			};
		} catch (error) {
			count((error as Error).name === 'TimeoutError' ? 'timeout' : 'network');
			return { ok: false, sentAt };
		} finally {
			slots.give();
		}
	};

	const deliver = async (delivery: Delivery) => {
		const raw = JSON.stringify(delivery.body);
		const signature = `sha256=${createHmac('sha256', options.secret).update(raw).digest('hex')}`;
		let firstAttempt: number | undefined;
		for (let number = 1; number <= options.maxAttempts; number++) {
			if (number === 1) stats.deliveries += 1;
			else stats.retries += 1;
			const result = await attempt(delivery, raw, signature);
			firstAttempt ??= result.sentAt;
			if (result.ok) {
				stats.succeeded += 1;
				return;
			}
			const backoff = Math.min(10_000, (options.backoffMs ?? 500) * 2 ** (number - 1));
			const wait = (result.retryAfterMs ?? backoff) + Math.random() * 250;
			if (Date.now() - firstAttempt + wait > options.deadlineMs) break;
			await delay(wait);
		}
		stats.failed.push(delivery);
	};

	// Every delivery starts in order; the slots keep at most `concurrency` requests on the wire.
	await Promise.all(deliveries.map((delivery) => deliver(delivery)));
	stats.durationMs += performance.now() - started;
	return stats;
}

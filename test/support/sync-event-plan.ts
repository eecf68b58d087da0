import { randomUUID } from 'node:crypto';

/** One delivery a sender makes: its delivery id (the event id) and the object version it carries. */
export interface PlannedEvent {
	deliveryId: string;
	body: { id: string; version: number; name: string };
}

export interface EventPlan {
	events: PlannedEvent[];
	objectIds: string[];
	versionsPerObject: number;
	duplicates: number;
	outOfOrder: number;
}

export interface EventPlanOptions {
	prefix: string;
	objects: number;
	versionsPerObject: number;
	/** Share of deliveries repeated later with the same delivery id (a sender retry after a lost answer). */
	duplicateShare: number;
	/** Share of objects for which one older version is sent right after a newer one. */
	outOfOrderShare: number;
	/** Deterministic plans for the same seed. */
	seed?: number;
}

/** A small deterministic PRNG (mulberry32), so a failing plan can be replayed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function objectContent(id: string, version: number): PlannedEvent['body'] {
	return { id, version, name: `${id} version ${version}` };
}

/**
 * The deliveries of a sync, in sending order: every object goes through versions 1..n (stage by
 * stage, objects shuffled within a stage), some objects get one pair of consecutive versions
 * swapped (the older one arrives after the newer), and some deliveries are repeated later with the
 * same delivery id.
 */
export function planEvents(options: EventPlanOptions): EventPlan {
	const next = random(options.seed ?? 1);
	const objectIds = Array.from(
		{ length: options.objects },
		(_, index) => `${options.prefix}-${String(index).padStart(5, '0')}`,
	);
	const sequence: PlannedEvent[] = [];
	for (let version = 1; version <= options.versionsPerObject; version++) {
		const order = [...objectIds].sort(() => next() - 0.5);
		for (const id of order) sequence.push({ deliveryId: randomUUID(), body: objectContent(id, version) });
	}
	let outOfOrder = 0;
	const swapped = new Set<string>();
	for (const id of objectIds) {
		if (next() >= options.outOfOrderShare || options.versionsPerObject < 2) continue;
		const older = 1 + Math.floor(next() * (options.versionsPerObject - 1));
		const a = sequence.findIndex((event) => event.body.id === id && event.body.version === older);
		const b = sequence.findIndex((event) => event.body.id === id && event.body.version === older + 1);
		[sequence[a], sequence[b]] = [sequence[b], sequence[a]];
		swapped.add(id);
		outOfOrder += 1;
	}
	const duplicates = Math.round(sequence.length * options.duplicateShare);
	const events = [...sequence];
	for (let count = 0; count < duplicates; count++) {
		const original = sequence[Math.floor(next() * sequence.length)];
		const at = Math.min(events.length, events.indexOf(original) + 1 + Math.floor(next() * 200));
		events.splice(at, 0, { ...original });
	}
	return { events, objectIds, versionsPerObject: options.versionsPerObject, duplicates, outOfOrder };
}

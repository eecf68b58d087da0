export interface DeletePassInput {
	/** Every page of the source was fetched. */
	fetchComplete: boolean;
	/** Errors seen while fetching; any error means absence proves nothing. */
	fetchErrors: number;
	testRun: boolean;
	/** Candidates: contracts whose origin id was missing from the fetch. */
	orphanOriginIds: readonly string[];
	/** Contracts of the synchronization before this pass. */
	contractCount: number;
	/** Only delete contracts whose origin id was part of the request to the source (partial syncs). */
	restrictDeletion?: boolean;
	requestedOriginIds?: readonly string[];
	/** Largest share of contracts one pass may delete; default 0.10. */
	threshold?: number;
}

export type DeleteRefusalCode = 'FETCH_INCOMPLETE' | 'FETCH_ERRORS' | 'TEST_RUN' | 'THRESHOLD_EXCEEDED';

export interface DeletePassReport {
	allowed: boolean;
	/** What may be deleted (empty when refused). */
	deletable: string[];
	refusal?: { code: DeleteRefusalCode; message: string };
	candidates: number;
	/** Candidates left out by restrictDeletion. */
	restricted: number;
	contractCount: number;
	share: number;
	threshold: number;
}

export const defaultDeleteThreshold = 0.1;

/**
 * Decides whether a delete pass may run. Absence from the source only proves deletion after a
 * complete, error-free, real fetch; and a pass that would delete more than `threshold` of all
 * contracts is far more likely a broken source than a mass deletion, so it refuses and reports.
 */
export function evaluateDeletePass(input: DeletePassInput): DeletePassReport {
	const threshold = input.threshold ?? defaultDeleteThreshold;
	let candidates = [...input.orphanOriginIds];
	let restricted = 0;
	if (input.restrictDeletion) {
		const requested = new Set(input.requestedOriginIds ?? []);
		const kept = candidates.filter((id) => requested.has(id));
		restricted = candidates.length - kept.length;
		candidates = kept;
	}
	const share = input.contractCount === 0 ? 0 : candidates.length / input.contractCount;
	const base = {
		candidates: input.orphanOriginIds.length,
		restricted,
		contractCount: input.contractCount,
		share,
		threshold,
	};
	const refuse = (code: DeleteRefusalCode, message: string): DeletePassReport => ({
		...base,
		allowed: false,
		deletable: [],
		refusal: { code, message },
	});

	if (input.testRun) return refuse('TEST_RUN', 'Test run: nothing is deleted');
	if (!input.fetchComplete)
		return refuse('FETCH_INCOMPLETE', 'The source fetch was not complete (not all pages were read)');
	if (input.fetchErrors > 0) return refuse('FETCH_ERRORS', `The source fetch reported ${input.fetchErrors} error(s)`);
	if (share > threshold)
		return refuse(
			'THRESHOLD_EXCEEDED',
			`Would delete ${candidates.length} of ${input.contractCount} contracts (${percent(share)}), above the ${percent(threshold)} threshold`,
		);
	return { ...base, allowed: true, deletable: candidates };
}

function percent(share: number): string {
	return `${Math.round(share * 1000) / 10}%`;
}

import type { ContractStore } from '../../../runtime/contracts/contract-store';

/**
 * The store as a process sees it that dies when it reaches `method`: the call rejects and nothing of
 * it is stored (a crash between a write's target call and its commit, with `commitWrite` or `commitWrites`).
 */
export function dyingAt(store: ContractStore, method: keyof ContractStore): ContractStore {
	return new Proxy(store, {
		get(target, property, receiver) {
			if (property === method) return () => Promise.reject(new Error(`simulated crash at ${method}`));
			const value = Reflect.get(target, property, receiver) as unknown;
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}

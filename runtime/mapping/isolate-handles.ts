/**
 * Keeps isolated-vm's host-side handles (Isolate, Script, Context, Reference) away from Node's exit-time
 * garbage collection. isolated-vm 7 shuts its host environment down in a Node environment cleanup hook; when
 * the process then tears its heap down while a marking cycle is under way, V8 finishes that cycle, and every
 * handle it finds unreachable has its finalizer run, which asserts on the environment that is gone and aborts
 * the process (`IsolateEnvironment::GetCurrent(): Assertion 'environment != nullptr'`). Handles still
 * reachable at that point are not finalized. So each handle the sandbox creates is tracked weakly, and on
 * 'exit' those not collected yet (released or disposed ones included) are held strongly until the end.
 */
const tracked = new Set<WeakRef<object>>();
const collected = new FinalizationRegistry<WeakRef<object>>((ref) => tracked.delete(ref));

let heldAtExit: object[] | undefined;

process.once('exit', () => {
	heldAtExit = [];
	for (const ref of tracked) {
		const handle = ref.deref();
		if (handle !== undefined) heldAtExit.push(handle);
	}
});

/** Registers a handle just obtained from isolated-vm and returns it. */
export function trackedHandle<T extends object>(handle: T): T {
	if (heldAtExit) {
		heldAtExit.push(handle);
		return handle;
	}
	const ref = new WeakRef<object>(handle);
	tracked.add(ref);
	collected.register(handle, ref);
	return handle;
}

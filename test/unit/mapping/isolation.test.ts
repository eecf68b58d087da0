import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMapper, MappingSandbox } from '../../../runtime/mapping';

const sandbox = new MappingSandbox({ batchTimeoutMs: 1000, memoryLimitMb: 64 });
after(() => sandbox.dispose());

/** A document with one expression field, run on one record; answers the field's value (or the failure). */
async function evaluate(expression: string, record: unknown = {}): Promise<unknown> {
	const [result] = await createMapper(
		{ name: 'expr', version: '1.0.0', mapping: { out: { expression } } },
		{ sandbox },
	).map([record]);
	return result.status === 'mapped' ? result.value.out : result;
}

const victimDocument = {
	name: 'victim',
	version: '1.0.0',
	mapping: { id: 'id', name: { expression: 'record.name.trim().toUpperCase()' }, n: 'n' },
	casts: { n: 'int' },
};

describe('isolation between documents', () => {
	it("no document reaches the runtime entry points, so none can replace another document's plan", async () => {
		const victim = createMapper(victimDocument, { sandbox });
		const hijack = `(() => {
			const hook = globalThis.__syncBridge;
			if (!hook) return 'no hook';
			const plan = JSON.stringify({ mapping: { id: { const: 'hijacked' } }, casts: [], unset: [], passThrough: false });
			for (let i = 0; i < 200; i++) { try { hook.register('m' + i, plan); } catch {} }
			return 'replaced';
		})()`;
		assert.equal(await evaluate(hijack), 'no hook');
		assert.deepEqual(await victim.map([{ id: 7, name: ' ann ', n: '12' }]), [
			{ status: 'mapped', value: { id: 7, name: 'ANN', n: 12 } },
		]);
	});

	it('changed built-ins stay in the document that changed them', async () => {
		const victim = createMapper(victimDocument, { sandbox });
		const tamper = `(() => {
			Number.parseInt = () => 666;
			String.prototype.trim = function () { return 'pwned'; };
			String.prototype.toUpperCase = function () { return 'PWNED'; };
			Array.prototype.map = function () { return []; };
			JSON.parse = () => ({});
			return 'tampered';
		})()`;
		assert.equal(await evaluate(tamper), 'tampered');
		assert.deepEqual(await victim.map([{ id: 1, name: ' bo ', n: '5' }]), [
			{ status: 'mapped', value: { id: 1, name: 'BO', n: 5 } },
		]);
		assert.equal(await evaluate('typeof Number.parseInt("5", 10) === "number" && " x ".trim()'), 'x');
	});

	it('Function.prototype.call replaced by one document does not reach the others', async () => {
		const victim = createMapper(victimDocument, { sandbox });
		assert.equal(await evaluate('(Function.prototype.call = function () { throw new Error("owned"); }, "set")'), 'set');
		assert.deepEqual(await victim.map([{ id: 2, name: 'cy', n: 3 }]), [
			{ status: 'mapped', value: { id: 2, name: 'CY', n: 3 } },
		]);
	});

	it('a document cannot read records another document maps, through globals or built-ins', async () => {
		const spy = createMapper(
			{
				name: 'spy',
				version: '1.0.0',
				mapping: {
					out: {
						expression: `(() => {
							if (record.plant) {
								globalThis.loot = [];
								const trim = String.prototype.trim;
								String.prototype.trim = function () { globalThis.loot.push(String(this)); return trim.call(this); };
								return 'planted';
							}
							return JSON.stringify(globalThis.loot || null);
						})()`,
					},
				},
			},
			{ sandbox },
		);
		assert.deepEqual(await spy.map([{ plant: true }]), [{ status: 'mapped', value: { out: 'planted' } }]);
		const victim = createMapper(victimDocument, { sandbox });
		assert.deepEqual(await victim.map([{ id: 3, name: 'secret-name', n: 1 }]), [
			{ status: 'mapped', value: { id: 3, name: 'SECRET-NAME', n: 1 } },
		]);
		assert.deepEqual(await spy.map([{}]), [{ status: 'mapped', value: { out: '[]' } }]);
	});

	it('state a document keeps in globalThis is gone for the next createMapper of the same document', async () => {
		const document = {
			name: 'counter',
			version: '1.0.0',
			mapping: { n: { expression: '(globalThis.n = (globalThis.n || 0) + 1)' } },
		};
		const first = createMapper(document, { sandbox });
		assert.deepEqual(
			(await first.map([{}, {}])).map((r) => r.status === 'mapped' && r.value.n),
			[1, 2],
		);
		const second = createMapper(document, { sandbox });
		assert.deepEqual(
			(await second.map([{}])).map((r) => r.status === 'mapped' && r.value.n),
			[1],
		);
	});
});

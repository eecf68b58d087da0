/* Sandboxed mapper vs the same mapping hand-written in plain JS vs JSONata, in one run. */
import jsonata from 'jsonata';
import { createMapper, MappingSandbox } from '../../runtime/mapping';

const argIndex = process.argv.indexOf('--records');
const count = argIndex === -1 ? 100_000 : Number(process.argv[argIndex + 1]);

function makeRecord(i: number) {
	return {
		id: i,
		object: 'customer',
		email: `user${i}@example.com`,
		first_name: `First${i}`,
		last_name: `Last${i}`,
		phone: '+31 30 123 45 67',
		balance: String(1000 + (i % 5000)),
		created: 1680893993 + i,
		delinquent: i % 7 === 0 ? 'true' : 'false',
		address: { line1: `Oudegracht ${i % 300}`, postal_code: '3511 AA', city: 'Utrecht', country: 'NL', state: null },
		metadata: { app_user_id: String(i), segment: 'retail', source: 'web' },
		preferences: { locale: 'nl-NL', currency: 'eur', invoice_prefix: 'ABCD1234' },
		notes: 'x'.repeat(420),
		tags: ['a', 'b', 'c'],
	};
}

const document = {
	name: 'bench',
	version: '1.0.0',
	mapping: {
		id: 'id',
		email: 'email',
		displayName: '{{first_name}} {{last_name}}',
		label: '{{address.city}} ({{address.country}})',
		phone: 'phone',
		balance: 'balance',
		createdAt: 'created',
		delinquent: 'delinquent',
		'address.street': 'address.line1',
		'address.postalCode': 'address.postal_code',
		appUserId: 'metadata.app_user_id',
		locale: 'preferences.locale',
	},
	casts: { balance: 'int', createdAt: 'date', delinquent: 'bool' },
};

function plain(r: ReturnType<typeof makeRecord>) {
	return {
		id: r.id,
		email: r.email,
		displayName: `${r.first_name} ${r.last_name}`,
		label: `${r.address.city} (${r.address.country})`,
		phone: r.phone,
		balance: Number.parseInt(r.balance, 10),
		createdAt: new Date(r.created * 1000).toISOString(),
		delinquent: r.delinquent === 'true',
		address: { street: r.address.line1, postalCode: r.address.postal_code },
		appUserId: r.metadata.app_user_id,
		locale: r.preferences.locale,
	};
}

const expression = jsonata(`{
	"id": id, "email": email,
	"displayName": first_name & " " & last_name,
	"label": address.city & " (" & address.country & ")",
	"phone": phone, "balance": $number(balance),
	"createdAt": $fromMillis(created * 1000),
	"delinquent": delinquent = "true",
	"address": { "street": address.line1, "postalCode": address.postal_code },
	"appUserId": metadata.app_user_id, "locale": preferences.locale
}`);

/** With `node --expose-gc`, each timed phase starts from a collected heap instead of paying for the previous one's garbage. */
const settle = (): void => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
	const records = Array.from({ length: count }, (_, i) => makeRecord(i));
	process.stdout.write(`records: ${count}, ~${Math.round(JSON.stringify(records[0]).length)} bytes each\n`);
	const sandbox = new MappingSandbox({ batchTimeoutMs: 10_000, memoryLimitMb: 256 });
	const mapper = createMapper(document, { sandbox });
	// the same short warm-up for all three, so no phase pays alone for compiling its hot code
	const warmUp = records.slice(0, 2000);
	await mapper.map(warmUp);
	warmUp.map(plain);
	for (const record of warmUp) await expression.evaluate(record);

	settle();
	let start = performance.now();
	const sandboxed = await mapper.map(records);
	const sandboxedMs = performance.now() - start;
	if (sandboxed.some((r) => r.status !== 'mapped')) throw new Error('sandboxed mapping failed');

	settle();
	start = performance.now();
	const byHand = records.map(plain);
	const plainMs = performance.now() - start;

	settle();
	start = performance.now();
	const viaJsonata: unknown[] = [];
	for (const record of records) viaJsonata.push(await expression.evaluate(record));
	const jsonataMs = performance.now() - start;

	// The Mapper node compiles its document once per execution: createMapper + map of a small batch, against
	// map alone on a mapper compiled once (the price of a fresh context per document and execution).
	const executions = 2000;
	const small = records.slice(0, 10);
	settle();
	start = performance.now();
	for (let k = 0; k < executions; k++) await mapper.map(small);
	const reusedMs = performance.now() - start;
	settle();
	start = performance.now();
	for (let k = 0; k < executions; k++) await createMapper(document, { sandbox }).map(small);
	const perExecutionMs = performance.now() - start;

	const first = sandboxed[0].status === 'mapped' ? sandboxed[0].value : undefined;
	if (JSON.stringify(first) !== JSON.stringify(byHand[0]))
		throw new Error(`outputs differ: ${JSON.stringify(first)} vs ${JSON.stringify(byHand[0])}`);
	sandbox.dispose();

	const rate = (ms: number) => Math.round(count / (ms / 1000));
	process.stdout.write(`sandboxed mapper: ${rate(sandboxedMs)} records/s (${sandboxedMs.toFixed(0)} ms)\n`);
	process.stdout.write(`plain JS:         ${rate(plainMs)} records/s (${plainMs.toFixed(0)} ms)\n`);
	process.stdout.write(
		`JSONata:          ${rate(jsonataMs)} records/s (${jsonataMs.toFixed(0)} ms, ${viaJsonata.length} results)\n`,
	);
	process.stdout.write(
		`per execution (createMapper + map of 10 records): ${(perExecutionMs / executions).toFixed(3)} ms, map alone ${(reusedMs / executions).toFixed(3)} ms (${(perExecutionMs / reusedMs).toFixed(1)}x)\n`,
	);
	const vsPlain = plainMs / sandboxedMs;
	const vsJsonata = jsonataMs / sandboxedMs;
	process.stdout.write(
		`sandboxed / plain JS: ${vsPlain.toFixed(3)}x (target >= 0.1x) ${vsPlain >= 0.1 ? 'PASS' : 'MISS'}\n`,
	);
	process.stdout.write(
		`sandboxed / JSONata:  ${vsJsonata.toFixed(2)}x (target >= 5x) ${vsJsonata >= 5 ? 'PASS' : 'MISS'}\n`,
	);
}

void main();

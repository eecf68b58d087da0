import type { Contract, ContractState, Side } from './contract';
import {
	contractColumns,
	contractFromRow,
	contractReader,
	contractValues,
	deadLetterFromRow,
	intentFromRow,
	parkedConflictFromRow,
	runColumns,
	runFromRow,
	runValues,
	stateColumns,
	stateReader,
} from './contract-row';
import { contractTables, type ContractTables } from './contract-schema';
import {
	StaleContractError,
	type CommittedWrite,
	type ContractChange,
	type ContractStore,
	type DeadLetter,
	type IntegrationStatus,
	type NewDeadLetter,
	type NewParkedConflict,
	type ParkedConflict,
	type WriteIntent,
} from './contract-store';
import type { SqlDatabase, SqlStatement, SqlValue } from './sql-database';
import type { SyncCounts, SyncRun, SyncTimings } from './sync-run';

/** Ids per lookup statement, and contracts per multi-row upsert. */
const lookupChunk = 5000;
const upsertChunk = 1000;

/**
 * The contract store written once over a `SqlDatabase`: every statement is shared by SQLite and
 * Postgres. Every write is a single statement with ON CONFLICT, counters are incremented in SQL and
 * conditional writes compare the revision, so concurrent writers never lose an update. What differs
 * per engine (opening, schema creation, object locks) is left to the subclass.
 */
export abstract class SqlContractStore implements ContractStore {
	abstract readonly kind: 'sqlite' | 'postgres';
	protected readonly t: ContractTables;

	constructor(
		protected readonly db: SqlDatabase,
		protected readonly tablePrefix: string,
	) {
		this.t = contractTables(tablePrefix, db);
	}

	abstract init(): Promise<void>;
	abstract close(): Promise<void>;
	abstract withObjectLock<T>(synchronizationId: string, originId: string, work: () => Promise<T>): Promise<T>;
	abstract withObjectLocks<T>(
		synchronizationId: string,
		originIds: readonly string[],
		work: () => Promise<T>,
	): Promise<T>;

	async get(synchronizationId: string, originId: string): Promise<Contract | undefined> {
		const [row] = await this.db.rows(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id = ?`,
			[synchronizationId, originId],
		);
		return row === undefined ? undefined : contractFromRow(row);
	}

	async getByTargetId(synchronizationId: string, targetId: string): Promise<Contract | undefined> {
		const [row] = await this.db.rows(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND target_id = ? LIMIT 1`,
			[synchronizationId, targetId],
		);
		return row === undefined ? undefined : contractFromRow(row);
	}

	async getMany(synchronizationId: string, originIds: readonly string[]): Promise<Map<string, Contract>> {
		return this.lookup('*', contractReader, synchronizationId, 'origin', originIds);
	}

	async getManyByTargetId(synchronizationId: string, targetIds: readonly string[]): Promise<Map<string, Contract>> {
		return this.lookup('*', contractReader, synchronizationId, 'target', targetIds);
	}

	async getStates(synchronizationId: string, side: Side, ids: readonly string[]): Promise<Map<string, ContractState>> {
		return this.lookup(stateColumns.join(', '), stateReader, synchronizationId, side, ids);
	}

	/**
	 * `select` of the contracts whose id on `side` is one of `ids`, read as arrays by `readerOf`, keyed by
	 * that id; `lookupChunk` ids a statement.
	 */
	private async lookup<T extends ContractState>(
		select: string,
		readerOf: (columns: readonly string[]) => (values: readonly unknown[]) => T,
		synchronizationId: string,
		side: Side,
		ids: readonly string[],
	): Promise<Map<string, T>> {
		const column = side === 'origin' ? 'origin_id' : 'target_id';
		const keyOf = side === 'origin' ? (found: T) => found.originId : (found: T) => found.targetId ?? '';
		const found = new Map<string, T>();
		const sql = `SELECT ${select} FROM ${this.t.contracts} WHERE synchronization_id = ? AND ${this.db.inList(column)}`;
		for (let start = 0; start < ids.length; start += lookupChunk) {
			const { columns, rows } = await this.db.rowArrays(sql, [
				synchronizationId,
				this.db.listValue(ids.slice(start, start + lookupChunk)),
			]);
			const read = readerOf(columns);
			for (const row of rows) {
				const value = read(row);
				found.set(keyOf(value), value);
			}
		}
		return found;
	}

	async listOriginIds(synchronizationId: string): Promise<string[]> {
		const rows = await this.db.rows(`SELECT origin_id FROM ${this.t.contracts} WHERE synchronization_id = ?`, [
			synchronizationId,
		]);
		return rows.map((row) => String(row.origin_id));
	}

	async list(synchronizationId: string, options: { limit?: number; afterOriginId?: string } = {}): Promise<Contract[]> {
		const rows = await this.db.rows(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id > ? ORDER BY origin_id LIMIT ?`,
			[synchronizationId, options.afterOriginId ?? '', options.limit ?? 1000],
		);
		return rows.map(contractFromRow);
	}

	async count(synchronizationId: string): Promise<number> {
		const [row] = await this.db.rows(`SELECT COUNT(*) AS n FROM ${this.t.contracts} WHERE synchronization_id = ?`, [
			synchronizationId,
		]);
		return Number(row?.n ?? 0);
	}

	async put(contract: Contract, expectedRevision?: number): Promise<Contract> {
		const { sql, values, orElse } = this.putStatement(contract, expectedRevision);
		const [row] = await this.db.rows(sql, values);
		if (row === undefined) throw orElse();
		return { ...contract, revision: Number(row.revision) };
	}

	/** One statement returning the new revision, or no row when a conditional write is stale. */
	private putStatement(contract: Contract, expectedRevision?: number): SqlStatement & { orElse: () => Error } {
		const values = contractValues(contract);
		const orElse = () => new StaleContractError(contract.synchronizationId, contract.originId, expectedRevision ?? 0);
		const { contracts } = this.t;
		if (expectedRevision === 0) {
			return {
				sql: `INSERT INTO ${contracts} (${contractColumns.join(', ')}, revision) VALUES (${placeholders(values.length)}, 1)
				 ON CONFLICT (synchronization_id, origin_id) DO NOTHING RETURNING revision`,
				values,
				orElse,
			};
		}
		if (expectedRevision !== undefined) {
			const assignments = contractColumns.slice(2).map((column) => `${column} = ?`);
			return {
				sql: `UPDATE ${contracts} SET ${assignments.join(', ')}, revision = revision + 1
				 WHERE synchronization_id = ? AND origin_id = ? AND revision = ? RETURNING revision`,
				values: [...values.slice(2), contract.synchronizationId, contract.originId, expectedRevision],
				orElse,
			};
		}
		return { sql: `${this.upsertSql(1)} RETURNING revision`, values, orElse };
	}

	/** An unconditional upsert of `rows` contracts: every column but created_at is replaced, the revision incremented. */
	private upsertSql(rows: number): string {
		const tuple = `(${placeholders(contractColumns.length)}, 1)`;
		const updates = contractColumns
			.slice(2)
			.filter((column) => column !== 'created_at')
			.map((column) => `${column} = EXCLUDED.${column}`);
		return `INSERT INTO ${this.t.contracts} AS c (${contractColumns.join(', ')}, revision) VALUES ${Array(rows).fill(tuple).join(', ')}
			ON CONFLICT (synchronization_id, origin_id) DO UPDATE SET ${updates.join(', ')}, revision = c.revision + 1`;
	}

	async putMany(contracts: readonly Contract[]): Promise<void> {
		if (contracts.length === 0) return;
		const statements: SqlStatement[] = [];
		const unique = lastPerContract(contracts, (contract) => contract);
		for (let start = 0; start < unique.length; start += upsertChunk) {
			const slice = unique.slice(start, start + upsertChunk);
			statements.push({ sql: this.upsertSql(slice.length), values: slice.flatMap(contractValues) });
		}
		await this.db.transaction(statements);
	}

	async delete(synchronizationId: string, originId: string): Promise<boolean> {
		const rows = await this.db.rows(this.deleteContractSql(), [synchronizationId, originId]);
		return rows.length > 0;
	}

	private deleteContractSql(): string {
		return `DELETE FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id = ? RETURNING origin_id`;
	}

	async getIntent(synchronizationId: string, side: Side, inboundId: string): Promise<WriteIntent | undefined> {
		const [row] = await this.db.rows(
			`SELECT * FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND inbound_id = ?`,
			[synchronizationId, side, inboundId],
		);
		return row === undefined ? undefined : intentFromRow(row);
	}

	async putIntent(intent: WriteIntent): Promise<void> {
		await this.db.rows(this.putIntentsSql(1), intentValues(intent));
	}

	async getIntents(
		synchronizationId: string,
		side: Side,
		inboundIds: readonly string[],
	): Promise<Map<string, WriteIntent>> {
		const found = new Map<string, WriteIntent>();
		// Intents are left only by an interrupted write: usually there is none, and one probe says so.
		const [pending] = await this.db.rows(
			`SELECT 1 AS pending FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? LIMIT 1`,
			[synchronizationId, side],
		);
		if (pending === undefined) return found;
		const sql = `SELECT * FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND ${this.db.inList('inbound_id')}`;
		for (let start = 0; start < inboundIds.length; start += lookupChunk) {
			const ids = this.db.listValue(inboundIds.slice(start, start + lookupChunk));
			for (const row of await this.db.rows(sql, [synchronizationId, side, ids])) {
				const intent = intentFromRow(row);
				found.set(intent.inboundId, intent);
			}
		}
		return found;
	}

	async putIntents(intents: readonly WriteIntent[]): Promise<void> {
		const unique = [...new Map(intents.map((intent) => [intentKey(intent), intent])).values()];
		const statements: SqlStatement[] = [];
		for (let start = 0; start < unique.length; start += upsertChunk) {
			const slice = unique.slice(start, start + upsertChunk);
			statements.push({ sql: this.putIntentsSql(slice.length), values: slice.flatMap(intentValues) });
		}
		if (statements.length > 0) await this.db.transaction(statements);
	}

	private putIntentsSql(rows: number): string {
		const tuple = `(${placeholders(intentColumns.length)})`;
		return `INSERT INTO ${this.t.intents} (${intentColumns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}
			 ON CONFLICT (synchronization_id, side, inbound_id) DO UPDATE SET action = EXCLUDED.action,
			 idempotency_key = EXCLUDED.idempotency_key, hash = EXCLUDED.hash, created_at = EXCLUDED.created_at`;
	}

	async clearIntent(synchronizationId: string, side: Side, inboundId: string): Promise<void> {
		await this.db.rows(this.clearIntentStatement({ synchronizationId, side, inboundId }).sql, [
			synchronizationId,
			side,
			inboundId,
		]);
	}

	private clearIntentStatement(intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>): SqlStatement {
		return {
			sql: `DELETE FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND inbound_id = ?`,
			values: [intent.synchronizationId, intent.side, intent.inboundId],
		};
	}

	async commitWrite(
		intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>,
		change: ContractChange,
	): Promise<void> {
		const write: SqlStatement =
			'put' in change
				? this.putStatement(change.put, change.expectedRevision)
				: { sql: this.deleteContractSql(), values: [change.delete.synchronizationId, change.delete.originId] };
		const clear = this.clearIntentStatement(intent);
		// The intent is cleared only when the contract write took effect: a stale put changes neither.
		if (!this.db.writableCte) {
			await this.db.transaction([write, clear]);
			return;
		}
		const [written] = await this.db.rows(
			`WITH written AS (${write.sql}),
			 cleared AS (${clear.sql}${write.orElse === undefined ? '' : ' AND EXISTS (SELECT 1 FROM written)'})
			 SELECT COUNT(*) AS n FROM written`,
			[...write.values, ...clear.values],
		);
		if (Number(written.n) === 0 && write.orElse !== undefined) throw write.orElse();
	}

	async commitWrites(writes: readonly CommittedWrite[]): Promise<void> {
		const statements: SqlStatement[] = [];
		const puts = lastPerContract(
			writes.flatMap(({ change }) => ('put' in change ? [change] : [])),
			(change) => change.put,
		);
		for (let start = 0; start < puts.length; start += upsertChunk) {
			const slice = puts.slice(start, start + upsertChunk);
			statements.push(this.conditionalUpsertStatement(slice));
		}
		const deletes = writes.flatMap(({ change }) => ('delete' in change ? [change.delete] : []));
		for (const { synchronizationId, originId } of deletes) {
			statements.push({ sql: this.deleteContractSql(), values: [synchronizationId, originId] });
		}
		statements.push(...this.clearIntentsStatements(writes.map((write) => write.intent)));
		if (statements.length > 0) await this.db.transaction(statements);
	}

	/** One statement per synchronization and side, clearing the intents of all its inbound ids. */
	private clearIntentsStatements(
		intents: readonly Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>[],
	): SqlStatement[] {
		const bySide = new Map<string, { synchronizationId: string; side: Side; ids: string[] }>();
		for (const { synchronizationId, side, inboundId } of intents) {
			const key = JSON.stringify([synchronizationId, side]);
			const group = bySide.get(key) ?? { synchronizationId, side, ids: [] };
			group.ids.push(inboundId);
			bySide.set(key, group);
		}
		return [...bySide.values()].map(({ synchronizationId, side, ids }) => ({
			sql: `DELETE FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND ${this.db.inList('inbound_id')}`,
			values: [synchronizationId, side, this.db.listValue(ids)],
		}));
	}

	/**
	 * Upserts contracts each conditional on its expected revision, in one statement: the row carries
	 * expected + 1 as its revision, a new contract (expected 0) must not exist yet, an existing one
	 * is updated only while its revision is still the expected one. Fewer rows written than sent: stale.
	 */
	private conditionalUpsertStatement(puts: readonly { put: Contract; expectedRevision?: number }[]): SqlStatement {
		const tuple = `(${placeholders(contractColumns.length + 1)})`;
		const updates = contractColumns
			.slice(2)
			.filter((column) => column !== 'created_at')
			.map((column) => `${column} = EXCLUDED.${column}`);
		const [first] = puts;
		return {
			sql: `INSERT INTO ${this.t.contracts} AS c (${contractColumns.join(', ')}, revision) VALUES ${Array(puts.length).fill(tuple).join(', ')}
				ON CONFLICT (synchronization_id, origin_id) DO UPDATE SET ${updates.join(', ')}, revision = c.revision + 1
				WHERE c.revision = EXCLUDED.revision - 1`,
			values: puts.flatMap(({ put, expectedRevision }) => [...contractValues(put), (expectedRevision ?? 0) + 1]),
			expectedRows: puts.length,
			orElse: () =>
				new StaleContractError(first.put.synchronizationId, first.put.originId, first.expectedRevision ?? 0),
		};
	}

	async recordRun(
		synchronizationId: string,
		runId: string,
		counts: Partial<SyncCounts>,
		timings: Partial<SyncTimings> = {},
	): Promise<void> {
		const increments = runColumns.slice(4).map((column) => `${column} = r.${column} + EXCLUDED.${column}`);
		await this.db.rows(
			`INSERT INTO ${this.t.runs} AS r (${runColumns.join(', ')}, seq)
			 VALUES (${placeholders(runColumns.length)}, ${this.db.nextRunSeq(this.t.runs)})
			 ON CONFLICT (synchronization_id, run_id) DO UPDATE SET
			 finished_at = CASE WHEN EXCLUDED.finished_at > r.finished_at THEN EXCLUDED.finished_at ELSE r.finished_at END,
			 ${increments.join(', ')}`,
			runValues(synchronizationId, runId, new Date().toISOString(), counts, timings),
		);
	}

	async recordDeleteRefusal(synchronizationId: string, runId: string, report: unknown): Promise<void> {
		await this.recordRun(synchronizationId, runId, {});
		await this.db.rows(`UPDATE ${this.t.runs} SET delete_refusal = ? WHERE synchronization_id = ? AND run_id = ?`, [
			JSON.stringify(report),
			synchronizationId,
			runId,
		]);
	}

	async getRun(synchronizationId: string, runId: string): Promise<SyncRun | undefined> {
		const [row] = await this.db.rows(`SELECT * FROM ${this.t.runs} WHERE synchronization_id = ? AND run_id = ?`, [
			synchronizationId,
			runId,
		]);
		return row === undefined ? undefined : runFromRow(row);
	}

	async getLastRun(synchronizationId: string): Promise<SyncRun | undefined> {
		const [row] = await this.db.rows(
			`SELECT * FROM ${this.t.runs} WHERE synchronization_id = ? ORDER BY seq DESC LIMIT 1`,
			[synchronizationId],
		);
		return row === undefined ? undefined : runFromRow(row);
	}

	async addDeadLetter(letter: NewDeadLetter): Promise<number> {
		return this.insertReturningId(this.t.deadLetters, {
			synchronization_id: letter.synchronizationId,
			inbound_id: letter.inboundId,
			action: letter.action,
			payload: JSON.stringify(letter.payload ?? null),
			error_code: letter.errorCode,
			error_message: letter.errorMessage,
		});
	}

	/** Inserts one row stamped with `created_at` and returns its generated id. */
	private async insertReturningId(table: string, row: Record<string, SqlValue>): Promise<number> {
		const columns = [...Object.keys(row), 'created_at'];
		const [inserted] = await this.db.rows(
			`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)}) RETURNING id`,
			[...Object.values(row), new Date().toISOString()],
		);
		return Number(inserted.id);
	}

	async listDeadLetters(synchronizationId: string, limit = 1000): Promise<DeadLetter[]> {
		const rows = await this.oldestFirst(this.t.deadLetters, synchronizationId, limit);
		return rows.map((row) => deadLetterFromRow(row, this.db.readJson));
	}

	private oldestFirst(table: string, synchronizationId: string, limit: number) {
		return this.db.rows(`SELECT * FROM ${table} WHERE synchronization_id = ? ORDER BY id LIMIT ?`, [
			synchronizationId,
			limit,
		]);
	}

	async deleteDeadLetter(id: number): Promise<void> {
		await this.db.rows(`DELETE FROM ${this.t.deadLetters} WHERE id = ?`, [id]);
	}

	async parkConflict(conflict: NewParkedConflict): Promise<number> {
		return this.insertReturningId(this.t.parked, {
			synchronization_id: conflict.synchronizationId,
			origin_id: conflict.originId,
			fields: JSON.stringify(conflict.fields),
			detail: JSON.stringify(conflict.detail ?? null),
		});
	}

	async listParkedConflicts(synchronizationId: string, limit = 1000): Promise<ParkedConflict[]> {
		const rows = await this.oldestFirst(this.t.parked, synchronizationId, limit);
		return rows.map((row) => parkedConflictFromRow(row, this.db.readJson));
	}

	async deleteParkedConflict(id: number): Promise<void> {
		await this.db.rows(`DELETE FROM ${this.t.parked} WHERE id = ?`, [id]);
	}

	async status(synchronizationId: string): Promise<IntegrationStatus> {
		const counted = (table: string, condition = '') =>
			`(SELECT COUNT(*) FROM ${table} WHERE synchronization_id = ?${condition})`;
		const [row] = await this.db.rows(
			`SELECT ${counted(this.t.contracts)} AS contracts,
				${counted(this.t.contracts, ' AND target_id IS NOT NULL')} AS with_target,
				${counted(this.t.intents)} AS intents,
				${counted(this.t.deadLetters)} AS dead_letters,
				${counted(this.t.parked)} AS parked`,
			Array<SqlValue>(5).fill(synchronizationId),
		);
		return {
			synchronizationId,
			contracts: Number(row.contracts),
			withTargetId: Number(row.with_target),
			pendingIntents: Number(row.intents),
			deadLetters: Number(row.dead_letters),
			parkedConflicts: Number(row.parked),
			lastRun: await this.getLastRun(synchronizationId),
		};
	}
}

function placeholders(count: number): string {
	return Array(count).fill('?').join(', ');
}

function intentKey(intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>): string {
	return `${intent.synchronizationId}\u0000${intent.side}\u0000${intent.inboundId}`;
}

const intentColumns = [
	'synchronization_id',
	'side',
	'inbound_id',
	'action',
	'idempotency_key',
	'hash',
	'created_at',
] as const;

function intentValues(intent: WriteIntent): SqlValue[] {
	return [
		intent.synchronizationId,
		intent.side,
		intent.inboundId,
		intent.action,
		intent.idempotencyKey,
		intent.hash,
		intent.createdAt,
	];
}

/** A multi-row upsert must not name one contract twice (Postgres refuses): the last write of each wins. */
function lastPerContract<T>(items: readonly T[], contractOf: (item: T) => Contract): T[] {
	const last = new Map<string, T>();
	for (const item of items) {
		const { synchronizationId, originId } = contractOf(item);
		last.set(`${synchronizationId}\u0000${originId}`, item);
	}
	return [...last.values()];
}

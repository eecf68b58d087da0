/** A value bound to a statement parameter. */
export type SqlValue = string | number | null | readonly string[];

export type SqlRow = Record<string, unknown>;

export interface SqlRowArrays {
	columns: string[];
	rows: unknown[][];
}

/** One statement of the shared SQL: `?` placeholders, in the order of `values`. */
export interface SqlStatement {
	sql: string;
	values: readonly SqlValue[];
	/**
	 * In a transaction: the statement must take effect on `expectedRows` rows (default one: a conditional
	 * write that took effect), as the engine counts the rows a statement inserted, updated or deleted
	 * (SQLite's changes, Postgres' row count); when fewer, everything is rolled back and this error is thrown.
	 */
	orElse?: () => Error;
	expectedRows?: number;
}

/**
 * What differs between the two contract-store databases. The store's SQL is written once, with `?`
 * placeholders, `RETURNING` and `ON CONFLICT` (both engines speak them); this layer supplies the rest.
 */
export interface SqlDialect {
	/** Column types of the shared schema. */
	readonly types: {
		/** A counter or revision. */
		integer: string;
		/** An autoincrementing primary key. */
		id: string;
		/** A JSON document. */
		json: string;
		/** The run log's sequence column (the order in which runs were first recorded). */
		runSeq: string;
	};
	/**
	 * Whether data-modifying statements may stand in WITH (Postgres): a write and its follow-up then
	 * go in one statement, atomic without a transaction's extra round trips.
	 */
	readonly writableCte: boolean;
	/** A table name as it appears in statements (schema-qualified where the engine has schemas). */
	table(name: string): string;
	/** `column` is one of the ids bound as a single parameter (`listValue`). */
	inList(column: string): string;
	listValue(ids: readonly string[]): SqlValue;
	/** The next run sequence number of `runsTable`, as an SQL expression. */
	nextRunSeq(runsTable: string): string;
	/** A JSON column as the driver returns it, parsed. */
	readJson(value: unknown): unknown;
}

/** A database under the contract store: a dialect plus statements and atomic batches. */
export interface SqlDatabase extends SqlDialect {
	rows(sql: string, values: readonly SqlValue[]): Promise<SqlRow[]>;
	/** `rows` as arrays of values in column order: no object per row (bulk lookups of thousands of rows). */
	rowArrays(sql: string, values: readonly SqlValue[]): Promise<SqlRowArrays>;
	/** Runs the statements in order in one transaction: all take effect, or none. */
	transaction(statements: readonly SqlStatement[]): Promise<void>;
}

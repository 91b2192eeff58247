/** What the query advisor says about a query: findings, each about a span of the SQL. */
import type { Span } from '../timestream/sql/ast.ts';

export const RULE_IDS = [
  'no-time-range',
  'unbounded-distinct',
  'function-on-time',
  'function-on-key',
  'no-measure-name',
  'select-star',
  'unused-column',
  'or-of-equalities',
  'order-without-limit',
  'latest-by-join',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface Finding {
  readonly rule: RuleId;
  /** The part of the SQL the finding is about. */
  readonly span: Span;
  /** What it is about, as written (a table, a column, a predicate). */
  readonly subject: string;
  /** A mechanical rewrite: this text in place of `span`. */
  readonly rewrite?: { readonly span: Span; readonly text: string };
}

/** What the advisor may know about the tables (from the emulator's catalog or an account). */
export interface TableFacts {
  /** The partition key of a table: `measure_name` unless the table has a customer-defined one. */
  partitionKey(database: string, table: string): string | undefined;
  /** How many measure names the table holds, when known. */
  measureNameCount(database: string, table: string): number | undefined;
}

export const NO_TABLE_FACTS: TableFacts = { partitionKey: () => undefined, measureNameCount: () => undefined };

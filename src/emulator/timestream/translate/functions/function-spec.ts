/**
 * One entry of the emulator's function registry: a Timestream function, where it is documented, and
 * how the emulator runs it on DuckDB — or why it refuses it. docs/emulator.md's function table is
 * generated from these entries (`npm run docs:functions`).
 */
import type { FunctionCall, Lambda } from '../../../../timestream/sql/ast.ts';

export type Category =
  | 'conditional'
  | 'conversion'
  | 'math'
  | 'string'
  | 'array'
  | 'bitwise'
  | 'regexp'
  | 'datetime'
  | 'aggregate'
  | 'window'
  | 'timeseries';

/** What a translation can ask of the printer. */
export interface CallPrinter {
  /** A lambda's body with its parameters replaced by SQL (to apply a lambda in place). */
  applyLambda(lambda: FunctionCall['args'][number], bound: readonly string[]): string;
  /** A lambda as DuckDB writes one. */
  lambda(lambda: Lambda): string;
  /** Whether an argument is written as an array (ARRAY[…], sequence(…), …), for functions with an array and a scalar form. */
  isArray(argument: FunctionCall['args'][number]): boolean;
  /** A string literal argument's value, if it is one. */
  literal(argument: FunctionCall['args'][number]): string | undefined;
}

export type Translate = (args: readonly string[], call: FunctionCall, printer: CallPrinter) => string;

export interface FunctionSpec {
  readonly name: string;
  readonly category: Category;
  readonly kind: 'scalar' | 'aggregate' | 'window';
  /** Fewest and most arguments. */
  readonly arity: readonly [number, number];
  /** How it runs on DuckDB; absent when the emulator refuses it. */
  readonly translate: Translate | undefined;
  /** Where Timestream's semantics differ from DuckDB's and what the emulator does about it, or why it refuses. */
  readonly note: string;
}

type Arity = number | readonly [number, number];

const arityOf = (arity: Arity): readonly [number, number] => (typeof arity === 'number' ? [arity, arity] : arity);

/** The same arguments to a DuckDB function (of the given name, or the same name). */
const call =
  (duckdb: string): Translate =>
  (args) =>
    `${duckdb}(${args.join(', ')})`;

export function scalar(
  name: string,
  category: Category,
  arity: Arity,
  how: string | Translate = name,
  note = '',
): FunctionSpec {
  return {
    name,
    category,
    kind: 'scalar',
    arity: arityOf(arity),
    translate: typeof how === 'string' ? call(how) : how,
    note,
  };
}

/** An aggregate; DISTINCT, ORDER BY, FILTER and OVER carry over to the DuckDB aggregate. */
export function aggregate(name: string, arity: Arity, how: string | Translate = name, note = ''): FunctionSpec {
  return {
    name,
    category: 'aggregate',
    kind: 'aggregate',
    arity: arityOf(arity),
    translate: typeof how === 'string' ? call(how) : how,
    note,
  };
}

export function windowFunction(name: string, arity: Arity, note = ''): FunctionSpec {
  return { name, category: 'window', kind: 'window', arity: arityOf(arity), translate: call(name), note };
}

export function refused(
  name: string,
  category: Category,
  reason: string,
  kind: FunctionSpec['kind'] = 'scalar',
): FunctionSpec {
  return { name, category, kind, arity: [0, Number.POSITIVE_INFINITY], translate: undefined, note: reason };
}

export const VARIADIC = Number.POSITIVE_INFINITY;

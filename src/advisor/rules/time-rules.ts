/**
 * Time: Timestream prunes by time first, so a query without a time range reads every partition the
 * table has kept, and one whose `time` is wrapped in a function or arithmetic cannot be pruned by it
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html).
 */
import type { Expression } from '../../timestream/sql/ast.ts';
import { columnsOf } from '../../timestream/sql/walk.ts';
import type { Finding } from '../finding.ts';
import type { TableInScope } from '../tables-in-scope.ts';
import {
  COMPARISONS,
  isColumnFree,
  isColumnNamed,
  predicatesOf,
  refersTo,
  textOf,
  type SelectContext,
} from './rule-context.ts';

/**
 * Whether a predicate gives this table's time a lower bound by something that reads no column: only
 * an upper bound (`time <= X`) still reads every older partition the table keeps.
 */
function boundsTime(predicate: Expression, table: TableInScope): boolean {
  const isTableTime = (e: Expression) => isColumnNamed(e, 'time') && refersTo(e, table);
  if (predicate.kind === 'binary' && COMPARISONS.has(predicate.op))
    return (
      (isTableTime(predicate.left) && ['>', '>=', '='].includes(predicate.op) && isColumnFree(predicate.right)) ||
      (isTableTime(predicate.right) && ['<', '<=', '='].includes(predicate.op) && isColumnFree(predicate.left))
    );
  if (predicate.kind === 'between' && !predicate.not)
    return isTableTime(predicate.value) && isColumnFree(predicate.low) && isColumnFree(predicate.high);
  if (predicate.kind === 'inList' && !predicate.not) return isTableTime(predicate.value);
  return false;
}

/** A stored table with no time range: every partition is read. */
export function noTimeRange({ select, tables }: SelectContext): Finding[] {
  const predicates = predicatesOf(select);
  const groups = select.distinct || select.groupBy !== undefined;
  return tables
    .filter((table) => table.isStored && !predicates.some((predicate) => boundsTime(predicate, table)))
    .map((table) => ({
      rule: groups ? 'unbounded-distinct' : 'no-time-range',
      span: table.ref,
      subject: table.written,
    }));
}

/** `to_milliseconds(time) > X`, `time + 1h > X`, `date_trunc('day', time) = …`: time wrapped, so not pruned. */
export function functionOnTime({ sql, select, tables }: SelectContext): Finding[] {
  const findings: Finding[] = [];
  for (const predicate of predicatesOf(select)) {
    if (predicate.kind !== 'binary' || !COMPARISONS.has(predicate.op)) continue;
    for (const [wrapped, other, flipped] of [
      [predicate.left, predicate.right, false],
      [predicate.right, predicate.left, true],
    ] as const) {
      if (!isColumnFree(other) || wrapped.kind === 'column') continue;
      const time = columnsOf(wrapped).find(
        (column) => isColumnNamed(column, 'time') && tables.some((table) => table.isStored && refersTo(column, table)),
      );
      if (!time) continue;
      const bare = textOf(sql, time);
      const op = flipped ? mirror(predicate.op) : predicate.op;
      findings.push({
        rule: 'function-on-time',
        span: wrapped,
        subject: textOf(sql, predicate),
        ...unwrapped(sql, wrapped, bare, op, textOf(sql, other), predicate),
      });
    }
  }
  return findings;
}

const mirror = (op: string) => ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' })[op] ?? op;

/** The mechanical rewrites: the function's inverse applied to the other side. */
function unwrapped(
  sql: string,
  wrapped: Expression,
  time: string,
  op: string,
  other: string,
  predicate: Expression,
): Pick<Finding, 'rewrite'> {
  const inverse: Record<string, string> = {
    to_milliseconds: 'from_milliseconds',
    to_unixtime: 'from_unixtime',
    to_nanoseconds: 'from_nanoseconds',
  };
  if (
    wrapped.kind === 'call' &&
    wrapped.args.length === 1 &&
    isColumnNamed(wrapped.args[0]!, 'time') &&
    inverse[wrapped.name]
  )
    return { rewrite: { span: predicate, text: `${time} ${op} ${inverse[wrapped.name]}(${other})` } };
  if (
    wrapped.kind === 'binary' &&
    (wrapped.op === '+' || wrapped.op === '-') &&
    isColumnNamed(wrapped.left, 'time') &&
    isColumnFree(wrapped.right)
  ) {
    const shift = textOf(sql, wrapped.right);
    return { rewrite: { span: predicate, text: `${time} ${op} ${other} ${wrapped.op === '+' ? '-' : '+'} ${shift}` } };
  }
  return {};
}

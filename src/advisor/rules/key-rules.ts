/**
 * The partition key: Timestream prunes partitions by an equality on it (measure_name, or the table's
 * customer-defined key), so LIKE or a function around it reads every partition; and a single-measure
 * table read without a measure_name predicate reads every measure
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html,
 * https://docs.aws.amazon.com/timestream/latest/developerguide/customer-defined-partition-keys.html).
 */
import type { Expression } from '../../timestream/sql/ast.ts';
import { columnName, columnsOf, expressionsOfSelect } from '../../timestream/sql/walk.ts';
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

function keyOf(table: TableInScope, context: SelectContext): string {
  return (table.database && context.facts.partitionKey(table.database, table.table)?.toLowerCase()) || 'measure_name';
}

/** `measure_name LIKE 'cpu%'`, `lower(hostname) = 'a'`: the key cannot prune. */
export function functionOnKey(context: SelectContext): Finding[] {
  const { sql, select, tables } = context;
  const findings: Finding[] = [];
  for (const predicate of predicatesOf(select)) {
    for (const table of tables.filter((each) => each.isStored)) {
      const key = keyOf(table, context);
      const isKey = (e: Expression) => isColumnNamed(e, key) && refersTo(e, table);
      if (predicate.kind === 'like' && !predicate.not && isKey(predicate.value)) {
        const pattern = predicate.pattern.kind === 'literal' ? predicate.pattern.value : undefined;
        const exact = pattern !== undefined && !/[%_]/.test(pattern) && !predicate.escape;
        findings.push({
          rule: 'function-on-key',
          span: predicate,
          subject: textOf(sql, predicate),
          ...(exact
            ? {
                rewrite: {
                  span: predicate,
                  text: `${textOf(sql, predicate.value)} = ${textOf(sql, predicate.pattern)}`,
                },
              }
            : {}),
        });
      } else if (predicate.kind === 'binary' && COMPARISONS.has(predicate.op)) {
        for (const [side, other] of [
          [predicate.left, predicate.right],
          [predicate.right, predicate.left],
        ] as const) {
          if (side.kind !== 'column' && isColumnFree(other) && columnsOf(side).some(isKey))
            findings.push({ rule: 'function-on-key', span: side, subject: textOf(sql, predicate) });
        }
      }
    }
  }
  return findings;
}

/** A single-measure table's `measure_value::…` read without saying which measure. */
export function noMeasureName(context: SelectContext): Finding[] {
  const { select, tables, facts } = context;
  const predicates = predicatesOf(select);
  const columns = expressionsOfSelect(select).flatMap(columnsOf);
  return tables
    .filter((table) => table.isStored)
    .filter((table) => {
      const named = predicates.some((predicate) =>
        columnsOf(predicate).some((column) => isColumnNamed(column, 'measure_name') && refersTo(column, table)),
      );
      if (named) return false;
      const count = table.database ? facts.measureNameCount(table.database, table.table) : undefined;
      const readsMeasureValues = columns.some(
        (column) => columnName(column).startsWith('measure_value::') && refersTo(column, table),
      );
      return count === undefined ? readsMeasureValues : count > 1;
    })
    .map((table) => ({ rule: 'no-measure-name', span: table.ref, subject: table.written }));
}

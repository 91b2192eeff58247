/** What every rule is given: the SQL, its tree, one SELECT and the tables it reads. */
import type { ColumnRef, Expression, Select } from '../../timestream/sql/ast.ts';
import { columnName, columnsOf, conjuncts, subtree } from '../../timestream/sql/walk.ts';
import type { TableFacts } from '../finding.ts';
import type { TableInScope } from '../tables-in-scope.ts';

export interface SelectContext {
  readonly sql: string;
  readonly select: Select;
  readonly tables: readonly TableInScope[];
  readonly facts: TableFacts;
}

export const COMPARISONS: ReadonlySet<string> = new Set(['=', '<', '<=', '>', '>=', '<>']);

/** Whether a column reference can mean this table's column (unqualified names can mean any table's). */
export function refersTo(column: ColumnRef, table: TableInScope): boolean {
  if (column.parts.length === 1) return true;
  return column.parts.at(-2)!.value.toLowerCase() === table.qualifier;
}

/** The predicates that filter this SELECT's rows: WHERE's conjuncts and those of its joins' ON. */
export function predicatesOf(select: Select): Expression[] {
  const predicates = conjuncts(select.where);
  const visit = (relation: Select['from'][number]) => {
    if (relation.kind !== 'join') return;
    visit(relation.left);
    visit(relation.right);
    predicates.push(...conjuncts(relation.on));
  };
  select.from.forEach(visit);
  return predicates;
}

/** An expression that reads no column: a constant, now(), ago(1h), from_milliseconds(…). */
export function isColumnFree(expression: Expression): boolean {
  return columnsOf(expression).length === 0 && !subtree(expression).some((node) => 'query' in node);
}

export const isColumnNamed = (expression: Expression, name: string): expression is ColumnRef =>
  expression.kind === 'column' && columnName(expression) === name;

export const textOf = (sql: string, span: { start: number; end: number }) => sql.slice(span.start, span.end);

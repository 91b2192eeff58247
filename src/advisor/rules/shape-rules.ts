/**
 * How much is read and returned: `SELECT *` reads every column (Timestream's cost follows the
 * columns read), a WITH query's column nobody reads is still read, an OR of equalities on one column
 * is an IN list, and ORDER BY without LIMIT sorts everything to return everything
 * (https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html).
 */
import type { Expression, Query } from '../../timestream/sql/ast.ts';
import { columnName, columnsOf, disjuncts, selectsOf, subtree } from '../../timestream/sql/walk.ts';
import type { Finding } from '../finding.ts';
import { textOf, type SelectContext } from './rule-context.ts';

export function selectStar({ sql, select, tables }: SelectContext): Finding[] {
  if (!tables.some((table) => table.isStored)) return [];
  return select.items
    .filter((item) => item.kind === 'all')
    .map((item) => ({ rule: 'select-star', span: item, subject: textOf(sql, item) }));
}

/** `a = 1 OR a = 2 OR a = 3` → `a IN (1, 2, 3)`. */
export function orOfEqualities({ sql, select }: SelectContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<Expression>();
  for (const expression of [select.where, select.having].filter((e): e is Expression => e !== undefined)) {
    for (const node of subtree(expression)) {
      if (node.kind !== 'binary' || node.op !== 'or' || seen.has(node)) continue;
      const branches = disjuncts(node);
      for (const branch of subtree(node)) seen.add(branch);
      const equalities = branches.map((branch) =>
        branch.kind === 'binary' &&
        branch.op === '=' &&
        branch.left.kind === 'column' &&
        branch.right.kind === 'literal'
          ? { column: textOf(sql, branch.left), value: textOf(sql, branch.right) }
          : undefined,
      );
      if (equalities.some((each) => !each)) continue;
      const column = equalities[0]!.column;
      if (!equalities.every((each) => each!.column === column)) continue;
      findings.push({
        rule: 'or-of-equalities',
        span: node,
        subject: textOf(sql, node),
        rewrite: { span: node, text: `${column} IN (${equalities.map((each) => each!.value).join(', ')})` },
      });
    }
  }
  return findings;
}

/** The query's ORDER BY with no LIMIT: the whole answer is sorted and returned. */
export function orderWithoutLimit(query: Query, sql: string): Finding[] {
  if (query.orderBy.length === 0 || query.limit) return [];
  const span = { start: query.orderBy[0]!.start, end: query.orderBy.at(-1)!.end };
  return [{ rule: 'order-without-limit', span, subject: textOf(sql, span) }];
}

/** Columns a WITH query names that nothing outside it reads. */
export function unusedColumns(query: Query, sql: string): Finding[] {
  const findings: Finding[] = [];
  for (const entry of query.with) {
    if (entry.query.body.kind !== 'select') continue;
    const outside = readNames(query, entry.query);
    if (outside.has('*')) continue;
    for (const item of entry.query.body.items) {
      if (item.kind !== 'expression') continue;
      const name = (
        item.alias?.value ?? (item.value.kind === 'column' ? columnName(item.value) : undefined)
      )?.toLowerCase();
      if (name && !outside.has(name)) findings.push({ rule: 'unused-column', span: item, subject: textOf(sql, item) });
    }
  }
  return findings;
}

/** Column names read anywhere in the query but inside `except` (`*` when a star reads them all). */
function readNames(query: Query, except: Query): Set<string> {
  const names = new Set<string>();
  const inside = new Set(selectsOf(except));
  for (const select of selectsOf(query)) {
    if (inside.has(select)) continue;
    for (const item of select.items) if (item.kind === 'all') names.add('*');
    const expressions = [
      ...select.items.flatMap((item) => (item.kind === 'expression' ? [item.value] : [])),
      ...(select.where ? [select.where] : []),
      ...(select.having ? [select.having] : []),
      ...(select.groupBy?.elements.flatMap((element) =>
        element.kind === 'expression'
          ? [element.value]
          : element.kind === 'sets'
            ? element.sets.flat()
            : element.values,
      ) ?? []),
    ];
    const joins: Expression[] = [];
    const visit = (relation: (typeof select.from)[number]) => {
      if (relation.kind !== 'join') return;
      visit(relation.left);
      visit(relation.right);
      if (relation.on) joins.push(relation.on);
      for (const column of relation.using) names.add(column.value.toLowerCase());
    };
    select.from.forEach(visit);
    for (const expression of [...expressions, ...joins])
      for (const column of columnsOf(expression)) names.add(columnName(column));
  }
  for (const item of query.orderBy) for (const column of columnsOf(item.value)) names.add(columnName(column));
  return names;
}

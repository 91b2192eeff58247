/**
 * The latest value per key found by joining the table back to its own max(time) per key reads the
 * table twice; `max_by(value, time)` or ROW_NUMBER() over the key reads it once — the case study's
 * optimisation (AWS China blog, 2025: "Optimizing Amazon Timestream performance and cost for IoT
 * devices with Amazon Q Developer").
 */
import type { Expression, Query, Relation } from '../../timestream/sql/ast.ts';
import { columnName, conjuncts } from '../../timestream/sql/walk.ts';
import type { Finding } from '../finding.ts';
import { isColumnNamed, textOf } from './rule-context.ts';

export function latestByJoin(query: Query, sql: string): Finding[] {
  // WITH queries (or derived tables) whose SELECT computes max(time) grouped by keys: name → output columns holding it.
  const latest = new Map<string, Set<string>>();
  for (const entry of query.with) {
    const columns = maxTimeColumns(entry.query);
    if (columns.size > 0) latest.set(entry.name.value.toLowerCase(), columns);
  }
  const findings: Finding[] = [];
  const visit = (relation: Relation) => {
    if (relation.kind !== 'join') return;
    visit(relation.left);
    visit(relation.right);
    for (const side of [relation.left, relation.right]) {
      const name = side.kind === 'table' && side.name.length === 1 ? side.name[0]!.value.toLowerCase() : undefined;
      const qualifier = qualifierOf(side);
      const columns = name ? latest.get(name) : side.kind === 'derived' ? maxTimeColumns(side.query) : undefined;
      if (!columns || columns.size === 0 || !qualifier) continue;
      if (conjuncts(relation.on).some((predicate) => joinsTimeTo(predicate, qualifier, columns)))
        findings.push({ rule: 'latest-by-join', span: relation, subject: textOf(sql, relation) });
    }
  };
  if (query.body.kind === 'select') query.body.from.forEach(visit);
  return findings;
}

/** What the side's columns are qualified by: its alias, or a table's own name. */
function qualifierOf(side: Relation): string | undefined {
  if (side.kind === 'table') return (side.alias?.name.value ?? side.name.at(-1)!.value).toLowerCase();
  if (side.kind === 'derived') return side.alias?.name.value.toLowerCase();
  return undefined;
}

function maxTimeColumns(query: Query): Set<string> {
  const columns = new Set<string>();
  if (query.body.kind !== 'select' || !query.body.groupBy) return columns;
  for (const item of query.body.items) {
    if (item.kind !== 'expression') continue;
    const value = item.value;
    if (
      value.kind === 'call' &&
      value.name === 'max' &&
      value.args.length === 1 &&
      isColumnNamed(value.args[0]!, 'time')
    )
      columns.add((item.alias?.value ?? '_col').toLowerCase());
  }
  return columns;
}

/** `t.time = latest.max_time` (either way round). */
function joinsTimeTo(predicate: Expression, qualifier: string, columns: Set<string>): boolean {
  if (predicate.kind !== 'binary' || predicate.op !== '=') return false;
  const isLatest = (e: Expression) =>
    e.kind === 'column' &&
    e.parts.length >= 2 &&
    e.parts.at(-2)!.value.toLowerCase() === qualifier &&
    columns.has(columnName(e));
  return (
    (isColumnNamed(predicate.left, 'time') && isLatest(predicate.right)) ||
    (isColumnNamed(predicate.right, 'time') && isLatest(predicate.left))
  );
}

/**
 * The query advisor: parses a Timestream query and says what will make it cost TCU, where, and how
 * to write it instead when the rewrite is mechanical. It needs no engine — the parser is the
 * emulator's (src/timestream/sql) — so it runs from the CLI, the local bot and Lambda alike.
 */
import type { Query } from '../timestream/sql/ast.ts';
import { parseStatement } from '../timestream/sql/parse.ts';
import { selectsOf } from '../timestream/sql/walk.ts';
import { NO_TABLE_FACTS, type Finding, type TableFacts } from './finding.ts';
import { functionOnKey, noMeasureName } from './rules/key-rules.ts';
import { latestByJoin } from './rules/latest-by-join.ts';
import type { SelectContext } from './rules/rule-context.ts';
import { orderWithoutLimit, orOfEqualities, selectStar, unusedColumns } from './rules/shape-rules.ts';
import { functionOnTime, noTimeRange } from './rules/time-rules.ts';
import { tablesOf } from './tables-in-scope.ts';

const SELECT_RULES: readonly ((context: SelectContext) => Finding[])[] = [
  noTimeRange,
  functionOnTime,
  functionOnKey,
  noMeasureName,
  selectStar,
  orOfEqualities,
];

const QUERY_RULES: readonly ((query: Query, sql: string) => Finding[])[] = [
  latestByJoin,
  unusedColumns,
  orderWithoutLimit,
];

export interface Advice {
  readonly sql: string;
  /** In the order they appear in the SQL. */
  readonly findings: readonly Finding[];
}

/**
 * The findings on one query. Throws SqlSyntaxError for text that is not a query Timestream's grammar
 * takes (the caller shows it: same position, same words as the emulator).
 */
export function advise(sql: string, facts: TableFacts = NO_TABLE_FACTS): Advice {
  const statement = parseStatement(sql);
  if (statement.kind !== 'query') return { sql, findings: [] };
  const findings: Finding[] = [];
  for (const select of selectsOf(statement)) {
    const context: SelectContext = { sql, select, tables: tablesOf(select, sql), facts };
    for (const rule of SELECT_RULES) findings.push(...rule(context));
  }
  // Every query level: the outermost, WITH queries and subqueries.
  for (const query of queriesOf(statement)) for (const rule of QUERY_RULES) findings.push(...rule(query, sql));
  findings.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
  return { sql, findings };
}

/** The query and every query nested in it. */
function queriesOf(query: Query): Query[] {
  const found: Query[] = [query];
  for (const entry of query.with) found.push(...queriesOf(entry.query));
  for (const select of selectsOf(query))
    for (const relation of select.from) if (relation.kind === 'derived') found.push(...queriesOf(relation.query));
  return [...new Set(found)];
}

/**
 * A workload's queries in another database than its file names (`--database`, and chat on AWS,
 * whose worker role may read only the lab database): every `"db"."table"` that names the file's
 * database is rewritten, found by the parser — never by text search, which would also change a string
 * or a column that happens to read the same.
 */
import { parseSelectQuery } from '../../timestream/sql/parse.ts';
import { tableRefsOf } from '../../timestream/sql/walk.ts';

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The SQL with each table of database `from` read from database `to` instead. */
export function retargetDatabase(sql: string, from: string, to: string): string {
  if (from === to) return sql;
  const spans = tableRefsOf(parseSelectQuery(sql))
    .filter((table) => table.name.length === 2 && table.name[0]!.value === from)
    .map((table) => table.name[0]!)
    .sort((a, b) => b.start - a.start);
  let rewritten = sql;
  for (const span of spans) rewritten = `${rewritten.slice(0, span.start)}${quoted(to)}${rewritten.slice(span.end)}`;
  return rewritten;
}

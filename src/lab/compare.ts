/**
 * Whether the optimized query answers what the legacy one did: SQL1 the same device, metric, latest
 * time and value set; SQL2 the same bins with averages within 1e-9. A before/after comparison whose
 * answers differ compares nothing, and says so loudly.
 */
import type { QueryName } from './queries.ts';
import type { QueryRun } from './run-query.ts';

/** Rows as comparable keys; SQL2 averages are compared with a tolerance. */
export function compareAnswers(query: QueryName, legacy: QueryRun, optimized: QueryRun): string | undefined {
  const index = (run: QueryRun, name: string) => run.columns.indexOf(name);
  const key = (run: QueryRun, row: (string | null)[], names: string[]) =>
    names.map((name) => row[index(run, name)]).join('|');
  const keyNames =
    query === 'sql1'
      ? ['systemId', 'deviceNo', 'name', 'time']
      : ['time', 'name', 'deviceNo', 'modelKey', 'productKey'];
  const toMap = (run: QueryRun) =>
    new Map(run.rows.map((row) => [key(run, row, keyNames), Number(row[index(run, 'value')])]));
  const before = toMap(legacy);
  const after = toMap(optimized);
  if (before.size === 0) return 'the legacy query returned no rows: generate data first';
  if (before.size !== after.size) return `row counts differ: legacy ${before.size}, optimized ${after.size}`;
  for (const [rowKey, value] of before) {
    const other = after.get(rowKey);
    if (other === undefined) return `row ${rowKey} is missing from the optimized answer`;
    const tolerance = query === 'sql1' ? 0 : 1e-9 * Math.max(1, Math.abs(value));
    if (Math.abs(other - value) > tolerance) return `row ${rowKey}: legacy ${value}, optimized ${other}`;
  }
  return undefined;
}

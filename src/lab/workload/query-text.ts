/** A workload query's SQL with its `{{param}}` placeholders filled: a random value per call, or the first (to read it). */
import { dimensionValues } from './workload-data.ts';
import type { Workload, WorkloadQuery } from './workload-schema.ts';

/** The values a parameter takes: a dimension's values (`vin-0` … for a cardinality), or the listed ones. */
export function parameterValues(workload: Workload, query: WorkloadQuery, name: string): readonly string[] {
  const param = query.params[name]!;
  if ('values' in param) return param.values;
  const [tableName, dimensionName] = param.dimension.split('.') as [string, string];
  return dimensionValues(
    workload.tables
      .find((table) => table.name === tableName)!
      .dimensions.find((candidate) => candidate.name === dimensionName)!,
  );
}

/** The SQL with each placeholder replaced by `pick(values)`. */
export function fillQuery(
  workload: Workload,
  query: WorkloadQuery,
  pick: (values: readonly string[]) => string = (values) => values[0]!,
): string {
  return query.sql.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) =>
    pick(parameterValues(workload, query, name)),
  );
}

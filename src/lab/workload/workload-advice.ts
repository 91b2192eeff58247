/** The advisor on a workload's queries: each filled with a first value, its tables' facts from the file. */
import { advise, type Advice } from '../../advisor/advise.ts';
import type { TableFacts } from '../../advisor/finding.ts';
import { fillQuery } from './query-text.ts';
import { measureNamesOf } from './workload-data.ts';
import type { Workload } from './workload-schema.ts';

/** What the file says of its tables: the partition key, and how many measure names each holds. */
export function workloadFacts(workload: Workload): TableFacts {
  const tableOf = (database: string, table: string) =>
    database === workload.database ? workload.tables.find((each) => each.name === table) : undefined;
  return {
    partitionKey: (database, table) => tableOf(database, table)?.partitionKey,
    measureNameCount: (database, table) => {
      const found = tableOf(database, table);
      return found ? measureNamesOf(found).length : undefined;
    },
  };
}

/** Each query's advice, in the file's order (a query that does not parse throws SqlSyntaxError). */
export function adviseWorkloadQueries(workload: Workload): { name: string; advice: Advice }[] {
  const facts = workloadFacts(workload);
  return workload.queries.map((query) => ({ name: query.name, advice: advise(fillQuery(workload, query), facts) }));
}

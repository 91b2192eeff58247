/**
 * What the emulator gives each lab query on the story's data: its work (TCU-seconds, parallelism),
 * the bytes it reads and its QueryInsights figures — planned once, not run (`TimestreamService.workOf`).
 */
import type { QueryWork } from '../../emulator/timestream/capacity/query-work.ts';
import type { TimestreamService } from '../../emulator/timestream/service.ts';
import { queriesFor, type QueryName, type Schema } from '../queries.ts';
import type { DataWindow } from '../scenario.ts';

const QUERIES: readonly QueryName[] = ['sql1', 'sql2'];
const SCHEMAS: readonly Schema[] = ['legacy', 'optimized'];

export interface QueryFigures extends QueryWork {
  readonly bytesScanned: number;
  readonly spatialCoverage: number;
  readonly temporalRangeNs: number;
}

export type StoryQueries = Record<Schema, Record<QueryName, QueryFigures>>;

export async function planQueries(
  service: Pick<TimestreamService, 'workOf'>,
  database: string,
  window: DataWindow,
): Promise<StoryQueries> {
  const planned = {} as StoryQueries;
  for (const schema of SCHEMAS) {
    const texts = queriesFor(schema, database, window);
    const figures = {} as Record<QueryName, QueryFigures>;
    for (const name of QUERIES) {
      const { work, access } = await service.workOf(texts[name]);
      figures[name] = {
        ...work,
        bytesScanned: access.bytesScanned,
        spatialCoverage: Math.max(0, ...access.tables.map((table) => table.spatialCoverage)),
        temporalRangeNs: Math.max(0, ...access.tables.map((table) => table.temporalRangeNs)),
      };
    }
    planned[schema] = figures;
  }
  return planned;
}

/** The queries of one schema as the replay admits them. */
export function worksOf(queries: StoryQueries, schema: Schema): readonly QueryWork[] {
  return QUERIES.map((name) => queries[schema][name]);
}

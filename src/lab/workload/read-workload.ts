/**
 * Reads a workload file (YAML, or JSON, which YAML reads too) and checks it: every problem at once,
 * each with the line it is on and the field it is about (`fleet.yaml:12: tables[0].dimensions[1]:
 * give either cardinality or values`), as k6 reports every invalid option before it starts.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { parseDuration } from '../loadtest/config.ts';
import { recordsOf, seriesCount } from './workload-data.ts';
import { WORKLOAD_LIMITS, workloadSchema, type Workload } from './workload-schema.ts';

export class WorkloadError extends Error {
  override name = 'WorkloadError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

type Path = readonly (string | number)[];

const pathText = (path: Path) =>
  path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');

export function readWorkload(text: string, fileName: string): Workload {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0)
    throw new WorkloadError(
      document.errors.map((error) => `${fileName}:${error.linePos?.[0].line ?? 1}: ${error.message.split('\n')[0]}`),
    );
  const lineOf = (path: Path) => lineAt(document, lines, path);
  const parsed = workloadSchema.safeParse(document.toJS());
  if (!parsed.success)
    throw new WorkloadError(
      parsed.error.issues.map((issue) => {
        const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
        return `${fileName}:${lineOf(path)}: ${pathText(path) || '(top)'}: ${issue.message}`;
      }),
    );
  const problems = crossChecks(parsed.data).map(
    ([path, message]) => `${fileName}:${lineOf(path)}: ${pathText(path)}: ${message}`,
  );
  if (problems.length > 0) throw new WorkloadError(problems);
  return parsed.data;
}

/** The line of the deepest node the path reaches (a missing field: its parent's line). */
function lineAt(document: Document, lines: LineCounter, path: Path): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/** Checks across fields: names that must match, and the sizes the caps bound. */
function crossChecks(workload: Workload): [Path, string][] {
  const problems: [Path, string][] = [];
  const tableNames = new Set<string>();
  workload.tables.forEach((table, t) => {
    if (tableNames.has(table.name)) problems.push([['tables', t, 'name'], `${table.name} is named twice`]);
    tableNames.add(table.name);
    const series = seriesCount(table);
    if (series > WORKLOAD_LIMITS.series)
      problems.push([
        ['tables', t, 'dimensions'],
        `${series} series is more than the cap of ${WORKLOAD_LIMITS.series}`,
      ]);
    const every = parseDuration(table.every)!;
    const span = parseDuration(table.span)!;
    if (every > span) problems.push([['tables', t, 'every'], 'every is longer than span']);
    const records = recordsOf(table);
    if (records > WORKLOAD_LIMITS.records)
      problems.push([['tables', t, 'span'], `${records} records is more than the cap of ${WORKLOAD_LIMITS.records}`]);
    if (table.partitionKey !== undefined && !table.dimensions.some((d) => d.name === table.partitionKey))
      problems.push([['tables', t, 'partitionKey'], `${table.partitionKey} is not one of the table's dimensions`]);
  });
  const queryNames = new Set<string>();
  workload.queries.forEach((query, q) => {
    if (queryNames.has(query.name)) problems.push([['queries', q, 'name'], `${query.name} is named twice`]);
    queryNames.add(query.name);
    for (const [name, param] of Object.entries(query.params)) {
      if (!('dimension' in param)) continue;
      const [tableName, dimensionName] = param.dimension.split('.') as [string, string];
      const table = workload.tables.find((candidate) => candidate.name === tableName);
      if (!table?.dimensions.some((d) => d.name === dimensionName))
        problems.push([['queries', q, 'params', name, 'dimension'], `${param.dimension} is no table's dimension`]);
    }
    for (const [, name] of query.sql.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g))
      if (!(name! in query.params)) problems.push([['queries', q, 'sql'], `{{${name}}} has no entry in params`]);
  });
  workload.stages.forEach((stage, s) => {
    if (parseDuration(stage.duration)! > WORKLOAD_LIMITS.stageMs)
      problems.push([['stages', s, 'duration'], `a stage lasts at most ${WORKLOAD_LIMITS.stageMs / 60_000}m`]);
  });
  workload.thresholds.forEach((threshold, h) => {
    if (threshold.query !== undefined && !queryNames.has(threshold.query))
      problems.push([['thresholds', h, 'query'], `${threshold.query} is not one of the queries`]);
    // QueryTCU is an account-wide metric: no query's share of it can be read.
    if (threshold.query !== undefined && threshold.metric.startsWith('tcu_'))
      problems.push([['thresholds', h, 'query'], `${threshold.metric} is account-wide: it takes no query`]);
  });
  return problems;
}

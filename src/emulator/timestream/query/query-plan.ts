/**
 * What DuckDB's optimized plan (`EXPLAIN (FORMAT json)`) says about a query's data access: each table
 * scan with the columns it reads and the filters pushed into it, and the heavy operators the query
 * runs. The bytes model, the TCU model and QueryInsights all read these facts.
 *
 * The plan is DuckDB's after optimization: constants are folded (`ago(1h)` is a timestamp), OR-chains
 * of equalities become optional `IN` filters. The plan is taken with DuckDB's statistics propagation
 * off, so a filter the stored data happens to satisfy everywhere is kept: it is the query's time range.
 */

export interface PlanNode {
  readonly name?: string;
  readonly children?: readonly PlanNode[];
  readonly extra_info?: {
    readonly Table?: string;
    readonly Projections?: readonly string[] | string;
    readonly Filters?: readonly string[] | string;
  };
}

export interface TableScan {
  readonly schema: string;
  readonly table: string;
  /** Columns the scan reads. */
  readonly columns: readonly string[];
  /** Filters pushed into the scan (`optional:` ones included: DuckDB's IN lists from OR-chains). */
  readonly filters: readonly string[];
}

export interface PlanFacts {
  readonly scans: readonly TableScan[];
  /** GROUP BY, ORDER BY/TopN, joins, windows, UNNEST (DISTINCT plans as a GROUP BY). */
  readonly heavyOperators: number;
}

const HEAVY_OPERATORS = new Set([
  'HASH_GROUP_BY',
  'PERFECT_HASH_GROUP_BY',
  'PARTITIONED_AGGREGATE',
  'ORDER_BY',
  'TOP_N',
  'HASH_JOIN',
  'NESTED_LOOP_JOIN',
  'PIECEWISE_MERGE_JOIN',
  'BLOCKWISE_NL_JOIN',
  'CROSS_PRODUCT',
  'ASOF_JOIN',
  'IE_JOIN',
  'WINDOW',
  'STREAMING_WINDOW',
  'UNNEST',
]);

/** `memory."iot-db"."t$data"` → ["iot-db", "t$data"]. */
export function parseTableName(qualified: string): [string, string] | undefined {
  const parts = [...qualified.matchAll(/"((?:[^"]|"")*)"|([^."]+)/g)].map((match) =>
    match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!,
  );
  if (parts.length < 2) return undefined;
  return [parts.at(-2)!, parts.at(-1)!];
}

function asList(value: readonly string[] | string | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? value.split('\n').filter(Boolean) : value;
}

export function readPlan(planJson: string): PlanFacts {
  const scans: TableScan[] = [];
  let heavyOperators = 0;
  const visit = (node: PlanNode) => {
    if (node.name && HEAVY_OPERATORS.has(node.name)) heavyOperators += 1;
    const info = node.extra_info;
    const name = info?.Table ? parseTableName(info.Table) : undefined;
    if (name) {
      scans.push({
        schema: name[0],
        table: name[1],
        columns: asList(info?.Projections),
        filters: asList(info?.Filters).flatMap((filter) => filter.split(/\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)/)),
      });
    }
    for (const child of node.children ?? []) visit(child);
  };
  for (const root of JSON.parse(planJson) as PlanNode[]) visit(root);
  return { scans, heavyOperators };
}

const TIME_BOUND = /^\(?"?time"?\s*(>=|<=|>|<|=)\s*'([^']+)'::TIMESTAMP(?:_NS)?\)?$/;

/** The time bounds a scan's filters impose, in epoch microseconds (±Infinity when open). */
export interface TimeBounds {
  readonly from: number;
  readonly to: number;
  /** `time < x`: the last instant read is just before `to`. */
  readonly isToExclusive: boolean;
}

export function timeBounds(filters: readonly string[]): TimeBounds {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  let isToExclusive = false;
  for (const filter of filters) {
    if (filter.startsWith('optional:')) continue;
    const match = TIME_BOUND.exec(filter.trim());
    if (!match) continue;
    const micros = Date.parse(`${match[2]!.replace(' ', 'T')}Z`) * 1000;
    if (Number.isNaN(micros)) continue;
    const operator = match[1];
    if (operator === '>=' || operator === '>' || operator === '=') from = Math.max(from, micros);
    if ((operator === '<=' || operator === '<' || operator === '=') && micros <= to) {
      isToExclusive = micros < to ? operator === '<' : isToExclusive || operator === '<';
      to = micros;
    }
  }
  return { from, to, isToExclusive };
}

/** `'a', 'it''s'` → ["a", "it's"]. */
function stringLiterals(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1]!.replace(/''/g, "'"));
}

function columnPattern(column: string): string {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?:${escaped}|"${escaped.replace(/"/g, '""')}")`;
}

/**
 * The values of `column` a scan can read, when its filters pin them with equality or IN (lists DuckDB
 * built from OR-chains included); undefined when they do not (a function or LIKE around the column
 * prunes nothing, in Timestream too).
 */
export function pinnedValues(filters: readonly string[], column: string): ReadonlySet<string> | undefined {
  const name = columnPattern(column);
  const equality = new RegExp(`^\\(?${name}\\s*=\\s*('(?:[^']|'')*')\\)?$`);
  const list = new RegExp(`^(?:optional:\\s*)?\\(?${name}\\s+IN\\s*\\((.*)\\)\\)?$`);
  let values: Set<string> | undefined;
  const narrow = (found: string[]) => {
    values = values ? new Set(found.filter((value) => values!.has(value))) : new Set(found);
  };
  for (const raw of filters) {
    const filter = raw.trim();
    const single = equality.exec(filter);
    if (single) narrow(stringLiterals(single[1]!));
    const several = list.exec(filter);
    if (several) narrow(stringLiterals(several[1]!));
  }
  return values;
}

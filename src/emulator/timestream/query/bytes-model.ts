/**
 * The emulator's stand-in for Timestream's "bytes scanned" (documented in docs/emulator.md): for each
 * table scan in DuckDB's plan, the rows inside the scan's time filter times the average width of the
 * columns it reads (VARCHAR: bytes of text; numbers and timestamps: 8; booleans: 1).
 * Under BYTES_SCANNED pricing Timestream meters whole MB
 * with a 10 MB minimum per query; under COMPUTE_UNITS the emulator reports metered = scanned.
 */

export interface ScanStats {
  /** Rows with time in [fromMicros, toMicros]. */
  rowsBetween(fromMicros: number, toMicros: number): number;
  /** Average stored width of a column in bytes. */
  averageWidth(column: string): number;
}

interface PlanNode {
  readonly name?: string;
  readonly children?: readonly PlanNode[];
  readonly extra_info?: {
    readonly Table?: string;
    readonly Projections?: readonly string[] | string;
    readonly Filters?: readonly string[] | string;
  };
}

const TIME_BOUND = /\btime\s*(>=|<=|>|<|=)\s*'([^']+)'::TIMESTAMP/g;

/** `memory."iot-db"."t$data"` → ["iot-db", "t$data"]. */
export function parseTableName(qualified: string): [string, string] | undefined {
  const parts = [...qualified.matchAll(/"((?:[^"]|"")*)"|([^."]+)/g)].map((match) =>
    match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!,
  );
  if (parts.length < 2) return undefined;
  return [parts.at(-2)!, parts.at(-1)!];
}

/** Time bounds a scan's pushed-down filters impose, in epoch microseconds. */
export function timeBounds(filters: readonly string[]): { from: number; to: number } {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (const filter of filters) {
    if (filter.startsWith('optional:')) continue;
    for (const match of filter.matchAll(TIME_BOUND)) {
      const micros = Date.parse(`${match[2]!.replace(' ', 'T')}Z`) * 1000;
      if (Number.isNaN(micros)) continue;
      const operator = match[1];
      if (operator === '>=' || operator === '>' || operator === '=') from = Math.max(from, micros);
      if (operator === '<=' || operator === '<' || operator === '=') to = Math.min(to, micros);
    }
  }
  return { from, to };
}

/** Every [schema, table] a plan scans. */
export function tablesInPlan(planJson: string): [string, string][] {
  const found: [string, string][] = [];
  const visit = (node: PlanNode) => {
    const name = node.extra_info?.Table ? parseTableName(node.extra_info.Table) : undefined;
    if (name && !found.some(([schema, table]) => schema === name[0] && table === name[1])) found.push(name);
    for (const child of node.children ?? []) visit(child);
  };
  for (const root of JSON.parse(planJson) as PlanNode[]) visit(root);
  return found;
}

export function estimateScannedBytes(
  planJson: string,
  statsFor: (schema: string, table: string) => ScanStats | undefined,
): number {
  let total = 0;
  const visit = (node: PlanNode) => {
    const info = node.extra_info;
    if (info?.Table) {
      const name = parseTableName(info.Table);
      const stats = name ? statsFor(name[0], name[1]) : undefined;
      if (stats) {
        const projections = asList(info.Projections);
        const { from, to } = timeBounds(asList(info.Filters));
        const width = projections.reduce((sum, column) => sum + stats.averageWidth(column), 0);
        total += stats.rowsBetween(from, to) * width;
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  for (const root of JSON.parse(planJson) as PlanNode[]) visit(root);
  return Math.round(total);
}

function asList(value: readonly string[] | string | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? value.split('\n').filter(Boolean) : value;
}

const MB = 1_000_000;
const MINIMUM_METERED_BYTES = 10 * MB;

export function meteredBytes(scannedBytes: number, pricingModel: 'COMPUTE_UNITS' | 'BYTES_SCANNED'): number {
  if (pricingModel === 'COMPUTE_UNITS') return scannedBytes;
  return Math.max(MINIMUM_METERED_BYTES, Math.ceil(scannedBytes / MB) * MB);
}

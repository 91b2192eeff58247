/**
 * A team's own workload, as a file (YAML or JSON): its tables (dimensions, measures, how often and
 * how far back), its queries (weights and parameters), stages (arrival rate or workers over time)
 * and thresholds. The shape follows what awslabs' perf-scale-workload describes and k6's stages and
 * thresholds; every size has a documented cap so nothing starts that cannot finish.
 */
import { z } from 'zod';
import { parseDuration } from '../loadtest/config.ts';

/** Caps, checked before anything starts (docs: README, "Your own workload"). */
export const WORKLOAD_LIMITS = {
  tables: 8,
  dimensions: 16,
  measures: 64,
  measureNames: 1024,
  /** Series = the product of the dimensions' cardinalities. */
  series: 100_000,
  queries: 32,
  stages: 20,
  /** Records a table may generate (series × intervals in the span). */
  records: 20_000_000,
  rate: 200,
  workers: 200,
  stageMs: 60 * 60_000,
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,59}$/;

/** `30s`, `5m`, `1h`; a bare number is refused (seconds or minutes?), as everywhere in tcu-bot. */
const duration = (what: string) =>
  z.custom<string>((value) => typeof value === 'string' && parseDuration(value) !== undefined, {
    message: `${what} must be a duration with its unit (30s, 5m, 1h)`,
  });

const dimension = z
  .object({
    name: z.string().regex(NAME, 'a name of letters, digits, _ . -'),
    cardinality: z.number().int().min(1).max(WORKLOAD_LIMITS.series).optional(),
    values: z.array(z.string().min(1)).min(1).max(WORKLOAD_LIMITS.series).optional(),
  })
  .strict()
  .refine((value) => (value.cardinality === undefined) !== (value.values === undefined), {
    message: 'give either cardinality or values',
  });

const measure = z
  .object({
    name: z.string().regex(NAME, 'a name of letters, digits, _ . -'),
    type: z.enum(['DOUBLE', 'BIGINT', 'VARCHAR', 'BOOLEAN']),
    min: z.number().optional(),
    max: z.number().optional(),
    values: z.array(z.string()).min(1).optional(),
  })
  .strict()
  .refine((value) => value.min === undefined || value.max === undefined || value.min <= value.max, {
    message: 'min must not be above max',
  });

const table = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_.-]{3,256}$/, 'a Timestream table name (3–256 of a-z A-Z 0-9 _ . -)'),
    partitionKey: z.string().optional(),
    dimensions: z.array(dimension).min(1).max(WORKLOAD_LIMITS.dimensions),
    /** One measure_name for every record, or several: each series writes one record per interval under each. */
    measureName: z.union([
      z.string().min(1),
      z.object({ values: z.array(z.string().min(1)).min(1).max(WORKLOAD_LIMITS.measureNames) }).strict(),
    ]),
    measures: z.array(measure).min(1).max(WORKLOAD_LIMITS.measures),
    every: duration('every'),
    span: duration('span'),
  })
  .strict();

const param = z.union([
  z.object({ dimension: z.string().regex(/^[^.]+\.[^.]+$/, 'table.dimension') }).strict(),
  z.object({ values: z.array(z.string()).min(1) }).strict(),
]);

const query = z
  .object({
    name: z.string().regex(NAME, 'a name of letters, digits, _ . -'),
    weight: z.number().positive().default(1),
    sql: z.string().min(1),
    params: z.record(z.string(), param).default({}),
  })
  .strict();

const stage = z
  .object({
    duration: duration('duration'),
    rate: z.number().positive().max(WORKLOAD_LIMITS.rate).optional(),
    workers: z.number().int().min(1).max(WORKLOAD_LIMITS.workers).optional(),
  })
  .strict()
  .refine((value) => (value.rate === undefined) !== (value.workers === undefined), {
    message: 'give either rate (open model) or workers (closed model)',
  });

export const THRESHOLD_METRICS = [
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'throttled_ratio',
  'failed_ratio',
  'tcu_peak',
  'tcu_hours',
] as const;

const threshold = z
  .object({ metric: z.enum(THRESHOLD_METRICS), query: z.string().optional(), below: z.number() })
  .strict();

export const workloadSchema = z
  .object({
    name: z.string().regex(NAME, 'a name of letters, digits, _ . -'),
    database: z.string().regex(/^[a-zA-Z0-9_.-]{3,256}$/, 'a Timestream database name (3–256 of a-z A-Z 0-9 _ . -)'),
    tables: z.array(table).min(1).max(WORKLOAD_LIMITS.tables),
    queries: z.array(query).min(1).max(WORKLOAD_LIMITS.queries),
    stages: z.array(stage).min(1).max(WORKLOAD_LIMITS.stages),
    thresholds: z.array(threshold).default([]),
  })
  .strict();

export type Workload = z.infer<typeof workloadSchema>;
export type WorkloadTable = Workload['tables'][number];
export type WorkloadQuery = Workload['queries'][number];
export type WorkloadDimension = WorkloadTable['dimensions'][number];
export type WorkloadMeasure = WorkloadTable['measures'][number];
export type WorkloadStage = Workload['stages'][number];
export type WorkloadThreshold = Workload['thresholds'][number];
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

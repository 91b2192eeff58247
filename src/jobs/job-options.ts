/**
 * Each job's options, parsed once where the command arrives (chat or CLI) into the typed settings the
 * worker runs with. Every number's range lives in its schema, so a refusal names the range, in the
 * caller's language, before anything starts — as k6 validates its options once into typed executor
 * configs. The worker receives the parsed settings in the job and never validates them again.
 */
import * as z from 'zod/mini';
import '../shared/zod.ts';
import { buildLoadTestConfig, parseDuration, type LoadTestConfig } from '../lab/loadtest/config.ts';
import type { Locale } from '../shared/locale.ts';
import { WORKLOAD_NAME } from '../lab/workload/bundled.ts';

/** The caps a deployment sets (config: DATAGEN_MAX_SCALE, LOADTEST_MAX_WORKERS, LOADTEST_MAX_TOTAL_WORKERS, LOADTEST_MAX_RATE, LOADTEST_MAX_DURATION_MINUTES). */
export interface JobLimits {
  readonly maxWorkers: number;
  readonly maxTotalWorkers: number;
  readonly maxRatePerSecond: number;
  readonly maxDurationMs: number;
  readonly maxScale: number;
}

/**
 * The before/after workload: arrivals a second per query, how long each side runs, and the in-flight
 * cap per query. The report also waits up to a minute before the first side and ~1–1.5 min after each
 * for the account to go idle: 4 minutes a side keeps the whole report (≈ 12 min) inside one 15-minute
 * Lambda worker.
 */
export const OPTIMIZE_WORKLOAD = {
  rate: { min: 0, max: 50, fallback: 5 },
  durationMs: { min: 10_000, max: 4 * 60_000, fallback: 30_000 },
  maxInFlight: 100,
} as const;

/** A number option's range, as its schema checks it and its refusal words it. */
export interface NumberRange {
  readonly min: number;
  /** `scale` must be above 0, not 0 itself. */
  readonly isMinExclusive?: boolean;
  readonly max: number;
  readonly isWhole: boolean;
  /** Only multiples of this (MaxQueryTCU: 4). */
  readonly step?: number;
  /** The value is a duration in ms, written `90s`, `5m`. */
  readonly isDuration?: boolean;
}

function isInRange(value: number, range: NumberRange): boolean {
  if (!Number.isFinite(value) || (range.isWhole && !Number.isInteger(value))) return false;
  if (range.step !== undefined && value % range.step !== 0) return false;
  return (range.isMinExclusive ? value > range.min : value >= range.min) && value <= range.max;
}

/** Text with a unit (`30s`, `2m`) → milliseconds in `range`; a bare number is not a duration. */
function durationOption(range: NumberRange, fallback: number) {
  return z._default(
    z
      .pipe(
        z.string(),
        z.transform((text: string) => parseDuration(text) ?? NaN),
      )
      .check(z.refine((value) => isInRange(value, range), { params: { range } })),
    fallback,
  );
}

/** Text → a number in `range`. */
function rangedNumber(range: NumberRange) {
  // Not z.number(): it refuses NaN with its own words before the range could be named.
  return z
    .pipe(
      z.string(),
      z.transform((text: string) => (text.trim() === '' ? Number.NaN : Number(text))),
    )
    .check(z.refine((value) => isInRange(value, range), { params: { range } }));
}

/** Text → number in `range`, or `fallback` when the option is not given. */
function numberOption(range: NumberRange, fallback: number) {
  return z._default(rangedNumber(range), fallback);
}

const optimizeSchema = z.object({
  rate: numberOption(
    { min: OPTIMIZE_WORKLOAD.rate.min, isMinExclusive: true, max: OPTIMIZE_WORKLOAD.rate.max, isWhole: false },
    OPTIMIZE_WORKLOAD.rate.fallback,
  ),
  duration: durationOption(
    { min: OPTIMIZE_WORKLOAD.durationMs.min, max: OPTIMIZE_WORKLOAD.durationMs.max, isWhole: true, isDuration: true },
    OPTIMIZE_WORKLOAD.durationMs.fallback,
  ),
  /** MaxQueryTCU during the comparison (the emulator only); the account's own when not given. */
  maxquerytcu: z.optional(rangedNumber({ min: 4, max: 1000, isWhole: true, step: 4 })),
});
/** 0.1 is one device (10 per scale): a smaller scale would write the same one device, so it is refused. */
export const MIN_DATAGEN_SCALE = 0.1;
const datagenSchema = (maxScale: number) =>
  z.object({ scale: numberOption({ min: MIN_DATAGEN_SCALE, max: maxScale, isWhole: false }, 1) });

export type OptimizeOptions = z.infer<typeof optimizeSchema>;
export type DatagenOptions = z.infer<ReturnType<typeof datagenSchema>>;
export type SetupOptions = Record<string, never>;
/** `/loadtest start workload=<name>`: a workload file's stages, by name (the worker reads the file). */
export interface WorkloadLoadOptions {
  readonly workload: string;
}

/** The typed settings of each kind of job. */
export interface JobOptionsByKind {
  readonly setup: SetupOptions;
  readonly datagen: DatagenOptions;
  readonly loadtest: LoadTestConfig | WorkloadLoadOptions;
  readonly optimize: OptimizeOptions;
}
export type JobKindWithOptions = keyof JobOptionsByKind;

/** A kind of job with its settings: what a command asks a worker to run. */
export type JobRequest = {
  [K in JobKindWithOptions]: { readonly kind: K; readonly options: JobOptionsByKind[K] };
}[JobKindWithOptions];

const WORKLOAD_WORDS: Record<Locale, (name: string, others: readonly string[]) => string> = {
  en: (name, others) =>
    others.length > 0
      ? `workload= takes its stages from the file: leave out ${others.join(', ')}`
      : `workload must be a name of letters, digits, _ and -, not ${name}`,
  'zh-CN': (name, others) =>
    others.length > 0
      ? `workload= 的阶段由文件决定：请去掉 ${others.join('、')}`
      : `workload 必须是由字母、数字、_ 和 - 组成的名字，而不是 ${name}`,
};

/** Why options were refused, worded in the language of whoever reads it. */
export type OptionProblems = (locale: Locale) => string[];

const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

const RANGE_WORDS: Record<Locale, (key: string, range: NumberRange, given: string) => string> = {
  en: (key, range, given) =>
    range.isDuration
      ? `${key} must be a duration with its unit from ${seconds(range.min)} to ${seconds(range.max)}, not ${given}`
      : range.step
        ? `${key} must be a multiple of ${range.step} from ${range.min} to ${range.max}, not ${given}`
        : range.isWhole
          ? `${key} must be a whole number from ${range.min} to ${range.max}, not ${given}`
          : `${key} must be a number ${range.isMinExclusive ? 'above' : 'from'} ${range.min} ${range.isMinExclusive ? 'and at most' : 'to'} ${range.max}, not ${given}`,
  'zh-CN': (key, range, given) =>
    range.isDuration
      ? `${key} 必须是带单位的时长，从 ${seconds(range.min)} 到 ${seconds(range.max)}，而不是 ${given}`
      : range.step
        ? `${key} 必须是 ${range.min} 到 ${range.max} 之间 ${range.step} 的倍数，而不是 ${given}`
        : range.isWhole
          ? `${key} 必须是 ${range.min} 到 ${range.max} 之间的整数，而不是 ${given}`
          : `${key} 必须${range.isMinExclusive ? '大于' : '不小于'} ${range.min} 且不超过 ${range.max}，而不是 ${given}`,
};

/** Each refused option's range, worded; the input text is what the user typed. */
function rangeProblems(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly params?: unknown }[],
  input: Readonly<Record<string, string>>,
): OptionProblems {
  return (locale) =>
    issues.map((issue) => {
      const key = String(issue.path[0]);
      const range = (issue.params as { range?: NumberRange } | undefined)?.range;
      return range
        ? RANGE_WORDS[locale](key, range, input[key] ?? '')
        : `${key}: ${locale === 'en' ? 'invalid' : '无效'}`;
    });
}

/**
 * A command's `key=value` options → the job's typed settings, or every problem found. `input` holds
 * only keys the grammar knows (commands/grammar.ts refuses the others).
 */
export function parseJobOptions(
  kind: JobKindWithOptions,
  input: Readonly<Record<string, string>>,
  limits: JobLimits,
): { ok: true; request: JobRequest } | { ok: false; problems: OptionProblems } {
  switch (kind) {
    case 'setup':
      return { ok: true, request: { kind, options: {} } };
    case 'datagen':
    case 'optimize': {
      const parsed = (kind === 'datagen' ? datagenSchema(limits.maxScale) : optimizeSchema).safeParse(input);
      if (!parsed.success) return { ok: false, problems: rangeProblems(parsed.error.issues, input) };
      return { ok: true, request: { kind, options: parsed.data } as JobRequest };
    }
    case 'loadtest': {
      if (input.workload !== undefined) {
        const others = Object.keys(input).filter((key) => key !== 'workload');
        if (others.length > 0 || !WORKLOAD_NAME.test(input.workload))
          return { ok: false, problems: (locale) => [WORKLOAD_WORDS[locale](input.workload!, others)] };
        return { ok: true, request: { kind, options: { workload: input.workload } } };
      }
      const caps = {
        maxWorkers: limits.maxWorkers,
        maxTotalWorkers: limits.maxTotalWorkers,
        maxRatePerSecond: limits.maxRatePerSecond,
        maxDurationMs: limits.maxDurationMs,
      };
      const built = buildLoadTestConfig(input, caps);
      if ('problems' in built) {
        return {
          ok: false,
          problems: (locale) => (buildLoadTestConfig(input, caps, locale) as { problems: string[] }).problems,
        };
      }
      return { ok: true, request: { kind, options: built.config } };
    }
  }
}

/**
 * A load test's configuration, from the chat short form (`sql1=50 sql2=50 duration=5m every=5m`)
 * or CLI flags. `sqlN=W` means W workers running the query back to back (the closed model, as the
 * case study); `rate=Q` switches to the open model: each query arrives Q times a second and W caps
 * how many may be in flight (an arrival finding no room is counted as dropped, never silently skipped).
 * Every problem is reported at once (k6's Validate()).
 */
import type { Locale } from '../../shared/locale.ts';
import type { QueryName, Schema } from '../queries.ts';

export interface LoadTestConfig {
  readonly workers: Readonly<Record<QueryName, number>>;
  readonly durationMs: number;
  /** Closed model: each worker starts at most once per interval. */
  readonly everyMs: number | undefined;
  /** Open model: arrivals per second, per query. */
  readonly ratePerSecond: number | undefined;
  readonly schema: Schema;
  /** Stop early when more than this share of finished queries was throttled (judged as auto-stop.ts says); 1 never stops. */
  readonly maxThrottleRatio: number;
  /** Stop early when more than this share failed for other reasons (judged as auto-stop.ts says); 1 never stops. */
  readonly maxErrorRatio: number;
}

export const DEFAULT_LOAD_TEST: LoadTestConfig = {
  workers: { sql1: 0, sql2: 0 },
  durationMs: 5 * 60_000,
  everyMs: undefined,
  ratePerSecond: undefined,
  schema: 'legacy',
  maxThrottleRatio: 0.9,
  maxErrorRatio: 0.5,
};

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3600_000 };

/** `90s`, `5m`, `1.5h`, `250ms`. A bare number is refused: `duration=10` could mean seconds or minutes. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

export type LoadTestInput = Partial<
  Record<'sql1' | 'sql2' | 'duration' | 'every' | 'rate' | 'schema' | 'maxThrottleRatio' | 'maxErrorRatio', string>
>;

export const LOAD_TEST_KEYS: readonly (keyof LoadTestInput)[] = [
  'sql1',
  'sql2',
  'duration',
  'every',
  'rate',
  'schema',
  'maxThrottleRatio',
  'maxErrorRatio',
];

/** How each problem is worded, per language (DingTalk answers in zh-CN). */
const PROBLEMS = {
  en: {
    notWhole: (name: string, text: string) => `${name} must be a whole number of workers, not ${text}`,
    overWorkers: (name: string, value: number, max: number) => `${name}=${value} is over the limit of ${max} workers`,
    notDuration: (name: string, text: string) =>
      `${name} must be a duration with its unit, such as 90s, 5m or 1h, not ${text}`,
    noWorkers: 'give sql1=N and/or sql2=N (workers per query)',
    overDuration: (given: string | undefined, defaultMinutes: number, maxMinutes: number) =>
      `duration ${given ?? `${defaultMinutes}m (the default)`} is over the limit of ${maxMinutes} min`,
    badRate: (text: string) => `rate must be queries per second above 0, not ${text}`,
    overRate: (value: number, max: number) => `rate=${value} is over the limit of ${max} arrivals a second per query`,
    overTotal: (total: number, max: number) => `sql1 + sql2 = ${total} workers is over the limit of ${max} in total`,
    rateAndEvery: 'every= paces closed-model workers and rate= sets an open arrival rate: use one of them',
    badSchema: (text: string) => `schema must be legacy or optimized, not ${text}`,
    badRatio: (name: string, text: string) => `${name} must be above 0 and at most 1, not ${text}`,
  },
  'zh-CN': {
    notWhole: (name: string, text: string) => `${name} 必须是并发数（整数），而不是 ${text}`,
    overWorkers: (name: string, value: number, max: number) => `${name}=${value} 超过上限 ${max} 个并发`,
    notDuration: (name: string, text: string) => `${name} 必须是带单位的时长，例如 90s、5m 或 1h，而不是 ${text}`,
    noWorkers: '请给出 sql1=N 和/或 sql2=N（每条查询的并发数）',
    overDuration: (given: string | undefined, defaultMinutes: number, maxMinutes: number) =>
      `时长 ${given ?? `${defaultMinutes}m（默认值）`} 超过上限 ${maxMinutes} 分钟`,
    badRate: (text: string) => `rate 必须是大于 0 的每秒查询数，而不是 ${text}`,
    overRate: (value: number, max: number) => `rate=${value} 超过上限：每条查询每秒最多 ${max} 次`,
    overTotal: (total: number, max: number) => `sql1 + sql2 = ${total} 个并发，超过总上限 ${max}`,
    rateAndEvery: 'every= 控制闭环模型的节奏，rate= 设定开放模型的到达速率：只能用其中一个',
    badSchema: (text: string) => `schema 必须是 legacy 或 optimized，而不是 ${text}`,
    badRatio: (name: string, text: string) => `${name} 必须大于 0 且不超过 1，而不是 ${text}`,
  },
} satisfies Record<Locale, unknown>;

/** Builds the config, or returns every problem found, worded in `locale`. */
export function buildLoadTestConfig(
  input: LoadTestInput,
  limits: { maxWorkers: number; maxTotalWorkers: number; maxRatePerSecond: number; maxDurationMs: number },
  locale: Locale = 'en',
): { config: LoadTestConfig } | { problems: string[] } {
  const words = PROBLEMS[locale];
  const problems: string[] = [];
  const workers = (name: 'sql1' | 'sql2') => {
    const text = input[name];
    if (text === undefined) return 0;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) problems.push(words.notWhole(name, text));
    else if (value > limits.maxWorkers) problems.push(words.overWorkers(name, value, limits.maxWorkers));
    return value;
  };
  const duration = (name: 'duration' | 'every', text: string | undefined) => {
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) problems.push(words.notDuration(name, text));
    return ms;
  };
  const sql1 = workers('sql1');
  const sql2 = workers('sql2');
  if (sql1 + sql2 === 0) problems.push(words.noWorkers);
  // Said once: a query over its own cap already names the problem.
  else if (sql1 <= limits.maxWorkers && sql2 <= limits.maxWorkers && sql1 + sql2 > limits.maxTotalWorkers)
    problems.push(words.overTotal(sql1 + sql2, limits.maxTotalWorkers));
  const parsedDuration = duration('duration', input.duration);
  const durationMs = parsedDuration ?? DEFAULT_LOAD_TEST.durationMs;
  if ((parsedDuration !== undefined || input.duration === undefined) && durationMs > limits.maxDurationMs) {
    problems.push(words.overDuration(input.duration, durationMs / 60_000, limits.maxDurationMs / 60_000));
  }
  const everyMs = duration('every', input.every);
  let ratePerSecond: number | undefined;
  if (input.rate !== undefined) {
    ratePerSecond = Number(input.rate);
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) problems.push(words.badRate(input.rate));
    else if (ratePerSecond > limits.maxRatePerSecond)
      problems.push(words.overRate(ratePerSecond, limits.maxRatePerSecond));
    if (everyMs !== undefined) problems.push(words.rateAndEvery);
  }
  const schema = input.schema ?? 'legacy';
  if (schema !== 'legacy' && schema !== 'optimized') problems.push(words.badSchema(schema));
  const ratio = (name: 'maxThrottleRatio' | 'maxErrorRatio') => {
    const text = input[name];
    if (text === undefined) return DEFAULT_LOAD_TEST[name];
    const value = Number(text);
    if (!(value > 0 && value <= 1)) problems.push(words.badRatio(name, text));
    return value;
  };
  const maxThrottleRatio = ratio('maxThrottleRatio');
  const maxErrorRatio = ratio('maxErrorRatio');
  if (problems.length > 0) return { problems };
  return {
    config: {
      workers: { sql1, sql2 },
      durationMs,
      everyMs,
      ratePerSecond,
      schema: schema as Schema,
      maxThrottleRatio,
      maxErrorRatio,
    },
  };
}

/** One line for chat: what will run, in English (the CLI, the job store) or Chinese (DingTalk). */
export function describeLoadTest(config: LoadTestConfig, locale: Locale = 'en'): string {
  const seconds = Math.round(config.durationMs / 1000);
  const parts = (['sql1', 'sql2'] as const).filter((name) => config.workers[name] > 0);
  const everySeconds = config.everyMs ? Math.round(config.everyMs / 1000) : undefined;
  if (locale === 'zh-CN') {
    const model =
      config.ratePerSecond !== undefined
        ? `开放模型：${parts.map((name) => `${name} 每秒 ${config.ratePerSecond} 个（同时最多 ${config.workers[name]} 个）`).join('，')}`
        : `闭环模型：${parts.map((name) => `${name} × ${config.workers[name]} 个并发`).join('，')}${everySeconds ? `，每个并发最多每 ${everySeconds} 秒一次` : '，连续执行'}`;
    return `${model}，${config.schema} 表结构，${seconds} 秒`;
  }
  const model =
    config.ratePerSecond !== undefined
      ? `open model: ${parts.map((name) => `${name} ${config.ratePerSecond}/s (≤ ${config.workers[name]} in flight)`).join(', ')}`
      : `closed model: ${parts.map((name) => `${name} × ${config.workers[name]} workers`).join(', ')}${everySeconds ? `, each at most every ${everySeconds} s` : ', back to back'}`;
  return `${model}, ${config.schema} schema, ${seconds} s`;
}

/**
 * Every lab report ends in a verdict and the next step, in the reader's language: did the load hold,
 * what the optimization saves in terms a budget uses (TCU-hours and dollars a month, rounded for
 * people), and which command comes next.
 */
import type { NoticeSection } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import type { LoadTestResult } from './loadtest/load-test.ts';
import type { WorkloadCompareReport } from './workload-compare.ts';

const MONTH_SECONDS = 30 * 86_400;

/** Two significant figures, grouped: 0.018755 → 0.019, 1234.5 → 1,200. */
export function forPeople(value: number): string {
  return new Intl.NumberFormat('en', { maximumSignificantDigits: 2 }).format(value);
}

const STRINGS = {
  'zh-CN': {
    verdict: '结论',
    next: '下一步',
    held: (qps: string, p95: string) => `✅ 没有限流：每秒 ${qps} 次查询，p95 ${p95}`,
    throttled: (throttled: number, started: number, percent: string, max: number | undefined) =>
      `⚠️ ${started} 次查询中 ${throttled} 次被限流（${percent}%）${max === undefined ? '' : `：QueryTCU 已达 MaxQueryTCU ${max}`}`,
    capped: (max: number) => `⚠️ QueryTCU 已达 MaxQueryTCU ${max}：负载再高就会限流`,
    tryOptimized: (command: string) =>
      `在优化后的表结构上跑同样的负载：\`${command}\`；或用 \`/optimize report\` 直接对比两者的 TCU 与费用`,
    compareBoth: '用 `/optimize report` 对比旧表结构与优化后的 TCU 与费用',
    monthly: (hours: string, dollars: string) =>
      `若按本次的到达速率运行一整月：少用约 ${hours} TCU 小时，约省 ${dollars}/月`,
    noSaving: '优化后没有更省：检查两边的数据量与查询是否相同',
    migrate:
      '迁移：把每条记录一个测量值的旧表改写为按设备分区、一条记录多个测量值的表（power、energy），查询按 `tcu-bot lab setup` 建的表改写——README「The case-study lab」一节有对照',
    afterSetup: '`/datagen start` 写入案例数据（`scale=0.1` 最快）',
    afterDatagen: '`/loadtest start sql1=5 sql2=5 duration=1m`，然后 `/optimize report`',
  },
  en: {
    verdict: 'Verdict',
    next: 'Next',
    held: (qps: string, p95: string) => `✅ No throttling: ${qps} queries a second, p95 ${p95}`,
    throttled: (throttled: number, started: number, percent: string, max: number | undefined) =>
      `⚠️ ${throttled} of ${started} queries throttled (${percent}%)${max === undefined ? '' : `: QueryTCU reached MaxQueryTCU ${max}`}`,
    capped: (max: number) => `⚠️ QueryTCU reached MaxQueryTCU ${max}: any more load will be throttled`,
    tryOptimized: (command: string) =>
      `Run the same load on the optimized schema: \`${command}\`, or \`/optimize report\` for both side by side in TCU and dollars`,
    compareBoth: '`/optimize report` compares the legacy and the optimized schema in TCU and dollars',
    monthly: (hours: string, dollars: string) =>
      `If this arrival rate ran all month: about ${hours} fewer TCU-hours, about ${dollars} a month saved`,
    noSaving: 'The optimized side saved nothing: check that both sides hold the same data and queries',
    migrate:
      'Migrating: rewrite the one-measure-per-record legacy table into per-device partitioned multi-measure tables (power, energy) and the queries to match the tables `tcu-bot lab setup` creates; the README’s “The case-study lab” section has both side by side',
    afterSetup: '`/datagen start` writes the case-study data (`scale=0.1` is quickest)',
    afterDatagen: '`/loadtest start sql1=5 sql2=5 duration=1m`, then `/optimize report`',
  },
} satisfies Record<Locale, unknown>;

/** The same run as a chat command (what to type to repeat it with one change). */
function loadTestCommand(result: LoadTestResult, schema: 'legacy' | 'optimized'): string {
  const { config } = result;
  const seconds = Math.round(config.durationMs / 1000);
  const parts = [
    '/loadtest start',
    ...(['sql1', 'sql2'] as const).flatMap((query) =>
      config.workers[query] > 0 ? [`${query}=${config.workers[query]}`] : [],
    ),
    seconds % 60 === 0 ? `duration=${seconds / 60}m` : `duration=${seconds}s`,
    ...(config.ratePerSecond === undefined ? [] : [`rate=${config.ratePerSecond}`]),
    ...(config.everyMs === undefined ? [] : [`every=${Math.round(config.everyMs / 1000)}s`]),
    `schema=${schema}`,
  ];
  return parts.join(' ');
}

export function loadTestVerdict(result: LoadTestResult, locale: Locale): NoticeSection[] {
  const text = STRINGS[locale];
  const { combined, tcu } = result;
  const maxQueryTcu = 'unavailable' in tcu ? undefined : tcu.maxQueryTcu;
  const isCapped = !('unavailable' in tcu) && tcu.isCapped;
  const verdict =
    combined.throttled > 0
      ? text.throttled(
          combined.throttled,
          combined.started,
          forPeople((combined.throttled / Math.max(1, combined.started)) * 100),
          // Without QueryTCU (no CloudWatch access) the cause is not claimed.
          maxQueryTcu,
        )
      : isCapped && maxQueryTcu !== undefined
        ? text.capped(maxQueryTcu)
        : text.held(forPeople(combined.queriesPerSecond), combined.latencyMs ? `${combined.latencyMs.p95} ms` : '—');
  const next =
    result.config.schema === 'legacy' ? text.tryOptimized(loadTestCommand(result, 'optimized')) : text.compareBoth;
  return [
    { heading: text.verdict, lines: [verdict] },
    { heading: text.next, lines: [next] },
  ];
}

export function compareVerdict(report: WorkloadCompareReport, locale: Locale): NoticeSection[] {
  const text = STRINGS[locale];
  const savedHours = report.legacy.tcu.hours - report.optimized.tcu.hours;
  // The sides ran for durationMs each at the same rate: a month of that rate, saved at the same ratio.
  const monthFactor = MONTH_SECONDS / (report.durationMs / 1000);
  const verdict =
    savedHours > 0
      ? text.monthly(
          forPeople(savedHours * monthFactor),
          `$${forPeople(savedHours * monthFactor * report.pricePerTcuHour)}`,
        )
      : text.noSaving;
  return [
    { heading: text.verdict, lines: [verdict] },
    { heading: text.next, lines: [text.migrate] },
  ];
}

export function nextAfter(stage: 'setup' | 'datagen', locale: Locale): NoticeSection[] {
  const text = STRINGS[locale];
  return [{ heading: text.next, lines: [stage === 'setup' ? text.afterSetup : text.afterDatagen] }];
}

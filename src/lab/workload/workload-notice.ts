/**
 * A workload run in chat (`/loadtest start workload=<name>`): what will run, its progress, and its
 * result — each query's line, QueryTCU said for what it is, and the thresholds — in the caller's
 * language.
 */
import { plainNotice, type Notice } from '../../chat/notice.ts';
import type { Locale } from '../../shared/locale.ts';
import { queryLine } from '../lab-notices.ts';
import { labStrings } from '../lab-strings.ts';
import { parseDuration } from '../loadtest/config.ts';
import type { WorkloadProgress, WorkloadResult } from './run-workload.ts';
import type { Workload } from './workload-schema.ts';

const WORDS = {
  en: {
    stage: (duration: string, rate: number | undefined, workers: number | undefined) =>
      rate !== undefined ? `${duration} at ${rate}/s` : `${duration} × ${workers} workers`,
    describe: (name: string, queries: number, stages: string, seconds: number) =>
      `workload ${name}: ${queries} queries, ${stages} (${seconds} s)`,
    progressTitle: (elapsed: number, total: number) => `⏱ Workload running ${elapsed}/${total} s`,
    progressValue: (arrivals: number, inFlight: number, p95: string, throttled: number, tcu: string) =>
      `${arrivals} sent · ${inFlight} in flight · p95 ${p95} · ${throttled} throttled · QueryTCU now ${tcu}`,
    soFar: 'So far',
    resultTitle: (ok: boolean) => (ok ? 'every threshold holds' : 'a threshold fails'),
    resultSummary: (name: string, ok: boolean) => `${name}: ${ok ? 'thresholds hold' : 'threshold failed'}`,
    tcu: (peak: number, max: number, hours: string) =>
      `peak ${peak} of MaxQueryTCU ${max} · at most ${hours} TCU-hours`,
    tcuCaveat: (isLocal: boolean) =>
      isLocal
        ? 'the emulator’s work-based model, per minute (modelled locally, not a bill)'
        : 'the account’s CloudWatch metric, per minute, account-wide (other queries count too)',
    thresholds: 'Thresholds',
    notMeasured: 'not measured',
    holds: 'holds',
    fails: 'fails',
  },
  'zh-CN': {
    stage: (duration: string, rate: number | undefined, workers: number | undefined) =>
      rate !== undefined ? `${duration} 每秒 ${rate} 个` : `${duration} × ${workers} 个并发`,
    describe: (name: string, queries: number, stages: string, seconds: number) =>
      `工作负载 ${name}：${queries} 条查询，${stages}（${seconds} 秒）`,
    progressTitle: (elapsed: number, total: number) => `⏱ 工作负载运行中 ${elapsed}/${total} 秒`,
    progressValue: (arrivals: number, inFlight: number, p95: string, throttled: number, tcu: string) =>
      `已发送 ${arrivals} · 进行中 ${inFlight} · p95 ${p95} · 限流 ${throttled} · 当前 QueryTCU ${tcu}`,
    soFar: '目前',
    resultTitle: (ok: boolean) => (ok ? '所有阈值均满足' : '有阈值未满足'),
    resultSummary: (name: string, ok: boolean) => `${name}：${ok ? '阈值满足' : '阈值未满足'}`,
    tcu: (peak: number, max: number, hours: string) => `峰值 ${peak}（MaxQueryTCU ${max}）· 至多 ${hours} TCU 小时`,
    tcuCaveat: (isLocal: boolean) =>
      isLocal
        ? '模拟器按工作量建模，每分钟一个值（本地模型，并非账单）'
        : '账户的 CloudWatch 指标，每分钟一个值，账户级（其他查询也计入）',
    thresholds: '阈值',
    notMeasured: '未测得',
    holds: '满足',
    fails: '未满足',
  },
} satisfies Record<Locale, unknown>;

export function describeWorkload(workload: Workload, locale: Locale): string {
  const words = WORDS[locale];
  const stages = workload.stages.map((stage) => words.stage(stage.duration, stage.rate, stage.workers)).join(', ');
  const seconds = workload.stages.reduce((sum, stage) => sum + parseDuration(stage.duration)!, 0) / 1000;
  return words.describe(workload.name, workload.queries.length, stages, seconds);
}

export function workloadProgressNotice(workload: Workload, progress: WorkloadProgress, locale: Locale): Notice {
  const words = WORDS[locale];
  const elapsed = Math.round(progress.elapsedMs / 1000);
  const total = Math.round(progress.totalMs / 1000);
  const title = words.progressTitle(elapsed, total);
  return plainNotice({
    title,
    facts: [
      { label: workload.name, value: describeWorkload(workload, locale) },
      {
        label: words.soFar,
        value: words.progressValue(
          progress.arrivals,
          progress.inFlight,
          progress.p95Ms === null ? '—' : `${Math.round(progress.p95Ms)} ms`,
          progress.throttled,
          progress.tcuNow === undefined ? '—' : String(progress.tcuNow),
        ),
      },
    ],
  });
}

export function workloadResultNotice(result: WorkloadResult, locale: Locale): Notice {
  const words = WORDS[locale];
  const tcu = result.tcu;
  const facts = [
    ...Object.entries(result.perQuery).map(([name, stats]) => ({ label: name, value: queryLine(stats, locale) })),
    'peak' in tcu
      ? {
          label: 'QueryTCU',
          value: `${words.tcu(tcu.peak, tcu.maxQueryTcu, tcu.hours.toFixed(4))} — ${words.tcuCaveat(tcu.isLocalEstimate)}`,
        }
      : { label: 'QueryTCU', value: tcu.unavailable },
  ];
  const sections =
    result.thresholds.length === 0
      ? []
      : [
          {
            heading: words.thresholds,
            lines: result.thresholds.map(
              (threshold) =>
                `${threshold.ok ? '✅' : '❌'} ${threshold.metric}${threshold.query ? ` (${threshold.query})` : ''} = ${threshold.actual ?? words.notMeasured} < ${threshold.below}: ${threshold.ok ? words.holds : words.fails}`,
            ),
          },
        ];
  // Begins as every load test's final report does (what `tcu-bot chat --wait` waits for).
  return plainNotice({
    title: `${labStrings(locale).finished}${locale === 'zh-CN' ? '：' : ': '}${words.resultTitle(result.ok)}`,
    summary: words.resultSummary(result.workload, result.ok),
    severity: result.ok ? 'info' : 'warning',
    facts,
    sections,
  });
}

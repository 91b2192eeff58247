/**
 * zh-CN and en wording of the lab's chat reports (setup, data generation, load test, before/after).
 * Figures are formatted by the caller; these strings only say what each figure is.
 */
import type { Locale } from '../shared/locale.ts';
import type { StopReason } from './loadtest/load-test.ts';

const ZH_STOP_REASONS: Record<StopReason, string> = {
  duration: '已跑满设定时长',
  stop: '已手动停止',
  'throttle-ratio': '限流过多，已自动停止',
  'error-ratio': '错误过多，已自动停止',
};

const EN_STOP_REASONS: Record<StopReason, string> = {
  duration: 'ran its full duration',
  stop: 'stopped on request',
  'throttle-ratio': 'stopped, too many throttles',
  'error-ratio': 'stopped, too many errors',
};

const zhCN = {
  setupTitle: '🧰 实验环境已就绪',
  setupSummary: (database: string) => `数据库 ${database} 与四张表已就绪`,
  tableState: (created: boolean, memoryHours: number, columns: number) =>
    `${created ? '已创建' : '已存在'} · 内存存储 ${memoryHours} 小时 · ${columns} 列`,
  setupFooter: (database: string, created: boolean) => `数据库 ${database}${created ? '（新建）' : ''}。`,

  generationTitle: { complete: '🗄 数据生成完成', stopped: '⏸ 数据生成已停止' },
  generationSummary: (status: 'complete' | 'stopped', written: string, planned: string) =>
    status === 'complete' ? `已写入 ${written} 条记录` : `已停止：写入 ${written} / ${planned} 条，可用 resume 继续`,
  continuesTitle: '⏩ 数据生成继续中',
  continuesSummary: (done: number, total: number) => `数据生成 ${done}/${total} 批，继续中`,
  batches: '批次',
  batchesValue: (done: number, total: number, written: string, perSecond: string) =>
    `已完成 ${done}/${total} 批 · 本次写入 ${written} 条，${perSecond} 条/秒`,
  records: '记录',
  recordsValue: (written: string, planned: string, perSecond: string) =>
    `已写入 ${written} / 计划 ${planned} · ${perSecond} 条/秒`,
  rejected: '被拒绝',
  rejectedValue: (before: number, byService: number) => `发送前 ${before} 条，Timestream 拒绝 ${byService} 条`,
  window: '时间窗口',
  windowValue: (start: string, end: string) => `${start} → ${end}（UTC）`,
  validation: '校验',
  validationComplete: '每张表的行数与计划完全一致',
  validationNotRun: '未执行（已停止）',
  continuesFooter: '本次运行已到时限；下一次从检查点继续，只写剩余部分。',
  resumeFooter: '`/datagen start resume` 只写剩余部分。',

  progressTitle: (elapsed: number, duration: number) => `⏱ 压测进行中 ${elapsed}/${duration} 秒`,
  progressSummary: (elapsed: number, duration: number) => `压测 ${elapsed}/${duration} 秒`,
  load: '负载',
  recentValue: (completed: number, qps: number, p95: string, throttled: number) =>
    `最近一个区间完成 ${completed} · ${qps} 次/秒 · p95 ${p95} · 限流 ${throttled}`,
  soFar: '累计',
  soFarValue: (succeeded: number, started: number, throttled: number, failed: number) =>
    `成功 ${succeeded}/${started}，限流 ${throttled}，失败 ${failed}`,
  loadTestProgress: (elapsed: number, duration: number, succeeded: number, throttled: number) =>
    `${elapsed}/${duration} 秒：成功 ${succeeded}，限流 ${throttled}`,

  /** The start of the final report's title (`tcu-bot chat --wait` looks for it). */
  finished: '📈 压测结束',
  resultTitle: (reason: StopReason) => `📈 压测结束：${ZH_STOP_REASONS[reason]}`,
  resultSummary: (qps: number, throttled: number) => `压测：${qps} 次/秒，限流 ${throttled}`,
  queryLine: (
    ok: number,
    started: number,
    qps: number,
    latency: string,
    throttled: number,
    errors: string,
    dropped: number,
    scannedMb: string,
  ) =>
    `成功 ${ok}/${started} · ${qps} 次/秒 · ${latency} · 限流 ${throttled}${errors ? ` · ${errors}` : ''}${dropped ? ` · 丢弃 ${dropped}` : ''} · 扫描 ${scannedMb} MB`,
  noSuccess: '没有成功的查询',
  all: '合计',
  tcuLabel: 'QueryTCU（全账户，每分钟）',
  tcuValue: (baseline: number, peak: number, max: number, capped: boolean, hoursMin: string, hoursMax: string) =>
    `基线 ${baseline} → 峰值 ${peak}（MaxQueryTCU ${max}）${capped ? ' — 已触及上限（capacity-capped）' : ''}；${hoursMin}–${hoursMax} TCU 小时`,
  generator: '压测端',
  generatorValue: (p99: number, sockets: number) => `事件循环延迟 p99 ${p99} ms；SDK maxAttempts 1，${sockets} 个连接`,
  resultFooter: (caveat: string) => `延迟从每个查询的计划开始时间算到最后一页。${caveat}`,
  tcuCaveat: (isLocal: boolean) =>
    `测试窗口内全账户的 QueryTCU，并非本次测试独占：其他负载也计入。${isLocal ? '本地模拟器按容量模型估算。' : '最后一分钟可能尚未发布。'}`,

  compareTitle: (ok: boolean): string =>
    ok ? '🔬 优化前后对比：优化后的表结构与 SQL' : '❌ 优化前后对比失败：两边结果不一致',
  compareSummary: (ok: boolean): string => (ok ? '优化前后对比：结果一致' : '优化前后对比失败'),
  differentAnswers: '（结果不同！）',
  side: { legacy: '旧表结构', optimized: '优化后' } as Record<'legacy' | 'optimized', string>,
  sideValue: (peak: number, hours: string, cost: string, throttled: number, latency: string, scanned: string) =>
    `QueryTCU 峰值 ${peak} · ${hours} TCU 小时 · ${cost} · 限流 ${throttled} · ${latency} · 扫描 ${scanned} MB`,
  saving: (hoursPct: number, cost: string) => `节省 ${hoursPct}% 的 TCU 小时（${cost}）`,
  moreUsed: (hoursPct: number, cost: string) => `多用 ${hoursPct}% 的 TCU 小时（多 ${cost}）`,
  why: '原因',
  reading: (query: string, spatial: number, range: string, optimizedSpatial: number, optimizedRange: string) =>
    `${query} 旧表读取空间轴的 ${spatial}%、时间跨度 ${range}；优化后 ${optimizedSpatial}%、${optimizedRange}`,
  compareFooter: (rate: number, seconds: number, max: number, isLocal: boolean) =>
    `同一开放模型负载：每条查询每秒 ${rate} 次、${seconds} 秒，MaxQueryTCU ${max}。QueryTCU 为全账户每分钟数据，TCU 小时按每分钟最大值乘以本侧在该分钟内的时长估算，费用按每 TCU 小时 $0.518（us-east-1）计。${isLocal ? '本地模拟器按容量模型估算。' : ''}`,

  failedTitle: (kind: string) => `❌ ${kind} 失败`,
  failedSummary: (kind: string) => `${kind} 失败`,
  reason: '原因',
};

type LabStrings = typeof zhCN;

const en: LabStrings = {
  setupTitle: '🧰 Lab setup done',
  setupSummary: (database) => `database ${database} and its four tables are ready`,
  tableState: (created, memoryHours, columns) =>
    `${created ? 'created' : 'exists'} · memory ${memoryHours} h · ${columns} columns`,
  setupFooter: (database, created) => `Database ${database}${created ? ' (created)' : ''}.`,

  generationTitle: { complete: '🗄 Data generation complete', stopped: '⏸ Data generation stopped' },
  generationSummary: (status, written, planned) =>
    status === 'complete'
      ? `${written} records written`
      : `stopped at ${written} of ${planned} records; resume continues it`,
  continuesTitle: '⏩ Data generation continues',
  continuesSummary: (done, total) => `data generation ${done}/${total} batches, continuing`,
  batches: 'Batches',
  batchesValue: (done, total, written, perSecond) =>
    `${done} of ${total} done · ${written} records this run at ${perSecond}/s`,
  records: 'Records',
  recordsValue: (written, planned, perSecond) => `${written} written of ${planned} planned · ${perSecond}/s`,
  rejected: 'Rejected',
  rejectedValue: (before, byService) => `${before} before sending, ${byService} by Timestream`,
  window: 'Window',
  windowValue: (start, end) => `${start} → ${end} (UTC)`,
  validation: 'Validation',
  validationComplete: 'every table holds exactly the planned rows',
  validationNotRun: 'not run (stopped)',
  continuesFooter:
    'This run reached its time limit; the next one resumes from the checkpoint and writes exactly the rest.',
  resumeFooter: '`/datagen start resume` writes exactly the rest.',

  progressTitle: (elapsed, duration) => `⏱ Load test running ${elapsed}/${duration} s`,
  progressSummary: (elapsed, duration) => `load test ${elapsed}/${duration} s`,
  load: 'Load',
  recentValue: (completed, qps, p95, throttled) =>
    `${completed} in the last interval · ${qps} q/s · p95 ${p95} · throttled ${throttled}`,
  soFar: 'So far',
  soFarValue: (succeeded, started, throttled, failed) =>
    `${succeeded}/${started} ok, ${throttled} throttled, ${failed} failed`,
  loadTestProgress: (elapsed, duration, succeeded, throttled) =>
    `${elapsed}/${duration} s: ${succeeded} ok, ${throttled} throttled`,

  finished: '📈 Load test finished',
  resultTitle: (reason) => `📈 Load test finished: ${EN_STOP_REASONS[reason]}`,
  resultSummary: (qps, throttled) => `load test: ${qps} q/s, throttled ${throttled}`,
  queryLine: (ok, started, qps, latency, throttled, errors, dropped, scannedMb) =>
    `${ok}/${started} ok · ${qps} q/s · ${latency} · throttled ${throttled}${errors ? ` · ${errors}` : ''}${dropped ? ` · dropped ${dropped}` : ''} · ${scannedMb} MB scanned`,
  noSuccess: 'no successful query',
  all: 'All',
  tcuLabel: 'QueryTCU (account-wide, per minute)',
  tcuValue: (baseline, peak, max, capped, hoursMin, hoursMax) =>
    `baseline ${baseline} → peak ${peak} of MaxQueryTCU ${max}${capped ? ' — capacity-capped' : ''}; ${hoursMin}–${hoursMax} TCU-hours`,
  generator: 'Load generator',
  generatorValue: (p99, sockets) => `event-loop delay p99 ${p99} ms; SDK maxAttempts 1, ${sockets} sockets`,
  resultFooter: (caveat) => `Latency from each query's intended start to its last page. ${caveat}`,
  tcuCaveat: (isLocal) =>
    `Account-wide QueryTCU during the test window, not the test's own share: other workloads count too.${isLocal ? ' Local emulator estimate from its capacity model.' : ' The last minute may not be published yet.'}`,

  compareTitle: (ok) =>
    ok ? '🔬 Before / after: optimized schema and SQL' : '❌ Before / after FAILED: the answers differ',
  compareSummary: (ok) => (ok ? 'before/after report: answers equal' : 'before/after report failed'),
  differentAnswers: ' (different answers!)',
  side: { legacy: 'Legacy', optimized: 'Optimized' },
  sideValue: (peak, hours, cost, throttled, latency, scanned) =>
    `QueryTCU peak ${peak} · ${hours} TCU-hours · ${cost} · ${throttled} throttled · ${latency} · ${scanned} MB scanned`,
  saving: (hoursPct, cost) => `${hoursPct}% fewer TCU-hours (${cost} less)`,
  moreUsed: (hoursPct, cost) => `${hoursPct}% more TCU-hours (${cost} more)`,
  why: 'Why',
  reading: (query, spatial, range, optimizedSpatial, optimizedRange) =>
    `${query} read ${spatial}% of the spatial axis over ${range}; optimized: ${optimizedSpatial}% over ${optimizedRange}`,
  compareFooter: (rate, seconds, max, isLocal) =>
    `The same open-model workload on both sides: ${rate} arrivals a second per query for ${seconds} s, MaxQueryTCU ${max}. QueryTCU is account-wide, per minute; TCU-hours are estimated from each minute's maximum over the side's share of that minute, priced at $0.518 per TCU-hour (us-east-1).${isLocal ? ' Local emulator estimate from its capacity model.' : ''}`,

  failedTitle: (kind) => `❌ ${kind} failed`,
  failedSummary: (kind) => `${kind} failed`,
  reason: 'Reason',
};

const STRINGS: Record<Locale, LabStrings> = { 'zh-CN': zhCN, en };

export function labStrings(locale: Locale): LabStrings {
  return STRINGS[locale];
}

/** Whether a message's first line is the title of a job's final report, in either language. */
export function isFinalReportTitle(line: string, jobKinds: readonly string[]): boolean {
  return Object.values(STRINGS).some((each) =>
    [
      each.setupTitle,
      ...Object.values(each.generationTitle),
      each.finished,
      each.compareTitle(true),
      each.compareTitle(false),
      ...jobKinds.map(each.failedTitle),
    ].some((title) => line.includes(title)),
  );
}

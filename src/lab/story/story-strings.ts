/** zh-CN and en wording of the story's report. Figures are formatted by the caller. */
import type { Locale } from '../../shared/locale.ts';
import type { StoryDayKind } from './story-options.ts';

const zhCN = {
  title: '🎬 案例重放：三天的 QueryTCU 与费用',
  summary: (saved: number) => `案例重放：优化后每日费用降低 ${saved}%`,
  day: { quiet: '平静日（旧表）', legacy: '高峰日（旧表）', optimized: '高峰日（优化表）' } satisfies Record<
    StoryDayKind,
    string
  >,
  dayValue: (
    load: number,
    queries: string,
    throttled: string,
    typical: number,
    peak: number,
    hours: string,
    cost: string,
  ) =>
    `每条查询每秒 ${load} 次 · 查询 ${queries}，限流 ${throttled} · TCU 常态 ${typical}、峰值 ${peak} · ${hours} TCU 小时 · 费用 ${cost}`,
  alarm: '告警',
  alarmChange: (time: string, from: string, to: string, delivered: boolean) =>
    `${time} ${from} → ${to}${delivered ? '（已送达）' : '（未送达）'}`,
  noAlarmChange: '无状态变化',
  costCheck: '每日费用检查',
  costAlert: (time: string, day: string, percent: string) => `${time}：${day} 费用上涨 ${percent}，已发出告警`,
  costOk: (time: string, day: string, percent: string) => `${time}：${day} 费用变化 ${percent}，未告警`,
  costNoData: (time: string, day: string) => `${time}：${day} 无数据`,
  why: '原因',
  footer: (max: number, threshold: number, minutes: number, seconds: number) =>
    `虚拟时间中的三天，耗时 ${seconds} 秒。MaxQueryTCU ${max}；告警即 serverless.yml 中的 QueryTCU 告警（超过 ${threshold}，持续 ${minutes} 分钟），由模拟器的 CloudWatch 评估，经告警函数的代码送达。QueryTCU 为全账户每分钟数据；TCU 与费用均为本地模拟器按查询工作量的估算（每次到达不在 DuckDB 中执行，而按模拟器对该查询计算的工作量计入），并非 AWS 账单。`,
};

type StoryStrings = typeof zhCN;

const en: StoryStrings = {
  title: '🎬 The case study, replayed: three days of QueryTCU and cost',
  summary: (saved) => `Case study replayed: the optimized schema cut the daily cost by ${saved}%`,
  day: { quiet: 'Quiet day (legacy)', legacy: 'Busy day (legacy)', optimized: 'Busy day (optimized)' },
  dayValue: (load, queries, throttled, typical, peak, hours, cost) =>
    `${load} arrivals a second per query · ${queries} queries, ${throttled} throttled · TCU typically ${typical}, peak ${peak} · ${hours} TCU-hours · cost ${cost}`,
  alarm: 'Alarm',
  alarmChange: (time, from, to, delivered) =>
    `${time} ${from} → ${to}${delivered ? ' (delivered)' : ' (NOT delivered)'}`,
  noAlarmChange: 'no state change',
  costCheck: 'Daily cost check',
  costAlert: (time, day, percent) => `${time}: ${day} cost up ${percent}, alert posted`,
  costOk: (time, day, percent) => `${time}: ${day} cost ${percent}, no alert`,
  costNoData: (time, day) => `${time}: no data for ${day}`,
  why: 'Why',
  footer: (max, threshold, minutes, seconds) =>
    `Three days in virtual time, in ${seconds} s. MaxQueryTCU ${max}; the alarm is serverless.yml's QueryTCU alarm (above ${threshold} for ${minutes} minutes), evaluated by the emulator's CloudWatch and delivered through the alarm function's code. QueryTCU is account-wide, per minute; TCU and cost are the local emulator's estimates from the work queries do (arrivals are not run on DuckDB: each counts the work the emulator computes for its query), not an AWS bill.`,
};

export function storyStrings(locale: Locale): StoryStrings {
  return locale === 'zh-CN' ? zhCN : en;
}

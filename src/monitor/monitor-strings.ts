/** zh-CN and en wording for the TCU status and the cost alert; every figure says what it is. */
import type { Locale } from '../shared/locale.ts';

const zhCN = {
  statusTitle: '📊 Timestream QueryTCU 与成本',
  statusSummary: (now: number, max: number) => `QueryTCU ${now} / ${max}`,
  tcuNow: 'QueryTCU 当前',
  tcuNowValue: (value: number, minute: string, idle: boolean) =>
    idle ? `0（${minute} 无数据点：该分钟没有查询）` : `${value}（${minute} 这一分钟的最大值）`,
  window: (label: string) => `峰值 / 最低 ${label}`,
  windowValue: (peak: number, minimum: number, active: number, total: number) =>
    `${peak} / ${minimum}（${active}/${total} 分钟有查询）`,
  maxQueryTcu: 'MaxQueryTCU',
  pricingModel: (model: string): string =>
    model === 'COMPUTE_UNITS' ? '按 TCU 计费' : model === 'BYTES_SCANNED' ? '按扫描量计费' : '计费方式未知',
  utilisation: '近 1 小时利用率',
  capped: '⚠️ 已触及上限（capacity-capped）：峰值等于 MaxQueryTCU，查询可能被限流',
  costDay: (day: string) => `成本 ${day}（UTC）`,
  delta: '日环比',
  monthToDate: (from: string, to: string) => `本月累计（${from} 至 ${to}，UTC）`,
  noMonthData: '本月尚无完整的一天',
  provisional: '（暂估，可能变动）',
  noData: {
    'no-cost-lines': '无数据：Cost Explorer 尚无该日的成本（通常延迟 24–48 小时）',
    'day-missing': '无数据：Cost Explorer 未返回该日',
  },
  today: (day: string) => `今日至今 ${day}（UTC，暂估，不完整）`,
  newSpend: '新增支出（前一天为 0）',
  tcuFootnote:
    'QueryTCU：CloudWatch ResourceCount（Resource=QueryTCU），全账户、每分钟、仅最小/最大值；没有数据点的分钟表示无查询。',
  localFootnote: '本地模拟器的估算：TCU 来自按查询工作量计算的容量模型，成本按配置的单价估算，并非 AWS 账单。',
  costFootnote: (metric: string) => `成本：Cost Explorer ${metric}，按完整 UTC 日统计。`,
  alertTitle: '【提醒】💰 Timestream 成本日环比上涨',
  alertSummary: (day: string, pct: string) => `Timestream 成本 ${day} 上涨 ${pct}`,
  okTitle: (isDown: boolean): string =>
    isDown ? '【信息】💰 Timestream 成本日环比下降' : '【信息】💰 Timestream 成本日环比：未达告警条件',
  okSummary: (day: string, pct: string) => `Timestream 成本 ${day} 日环比 ${pct}，未告警`,
  ruleLabel: '规则',
  alertRule: (threshold: number, floor: string) => `上涨超过 ${threshold}%，且增量与当日成本均不低于 ${floor}`,
  grew: '增长最多的用量类型',
  steps: [
    '在 Cost Explorer 按 USAGE_TYPE 查看明细',
    '如为查询 TCU 增长：检查查询频率、并发与扫描量（/tcu status，/optimize report）',
  ],
  nextSteps: '建议操作',
};

type Strings = typeof zhCN;

const en: Strings = {
  statusTitle: '📊 Timestream QueryTCU and cost',
  statusSummary: (now, max) => `QueryTCU ${now} / ${max}`,
  tcuNow: 'QueryTCU now',
  tcuNowValue: (value, minute, idle) =>
    idle ? `0 (no datapoint for ${minute}: no query ran)` : `${value} (maximum in the minute ${minute})`,
  window: (label) => `Peak / minimum ${label}`,
  windowValue: (peak, minimum, active, total) => `${peak} / ${minimum} (${active} of ${total} minutes had queries)`,
  maxQueryTcu: 'MaxQueryTCU',
  pricingModel: (model) =>
    model === 'COMPUTE_UNITS'
      ? 'billed by TCU'
      : model === 'BYTES_SCANNED'
        ? 'billed by bytes scanned'
        : 'billing model unknown',
  utilisation: 'Utilisation, last hour',
  capped: '⚠️ capacity-capped: the peak reached MaxQueryTCU, so queries were likely throttled',
  costDay: (day) => `Cost ${day} (UTC)`,
  delta: 'Day over day',
  monthToDate: (from, to) => `Month to date (${from} to ${to}, UTC)`,
  noMonthData: 'no complete day this month yet',
  provisional: ' (provisional, may change)',
  noData: {
    'no-cost-lines': 'no data: Cost Explorer has no cost for this day yet (it usually lags 24–48 h)',
    'day-missing': 'no data: Cost Explorer returned nothing for this day',
  },
  today: (day) => `Today so far ${day} (UTC, provisional, partial day)`,
  newSpend: 'new spend (previous day was 0)',
  tcuFootnote:
    'QueryTCU: CloudWatch ResourceCount (Resource=QueryTCU), account-wide, per minute, minimum/maximum only; a minute without a datapoint had no queries.',
  localFootnote:
    'Local emulator estimates: TCU from its capacity model of the work queries do, cost from configured prices — not an AWS bill.',
  costFootnote: (metric) => `Cost: Cost Explorer ${metric}, complete UTC days.`,
  alertTitle: '[NOTICE] 💰 Timestream cost up day over day',
  alertSummary: (day, pct) => `Timestream cost ${day} up ${pct}`,
  okTitle: (isDown) =>
    isDown
      ? '[INFO] 💰 Timestream cost down day over day'
      : '[INFO] 💰 Timestream cost day over day: below the alert rule',
  okSummary: (day, pct) => `Timestream cost ${day} ${pct} day over day, no alert`,
  ruleLabel: 'Rule',
  alertRule: (threshold, floor) =>
    `increase above ${threshold}% and both the increase and the day's cost at least ${floor}`,
  grew: 'Usage types that grew most',
  steps: [
    'Open Cost Explorer grouped by USAGE_TYPE',
    'If query TCU grew: check query frequency, concurrency and bytes scanned (/tcu status, /optimize report)',
  ],
  nextSteps: 'Next steps',
};

export function monitorStrings(locale: Locale): Strings {
  return locale === 'zh-CN' ? zhCN : en;
}

export function money(amount: number, unit: string): string {
  return unit === 'USD' ? `$${amount.toFixed(2)}` : `${amount.toFixed(2)} ${unit}`;
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

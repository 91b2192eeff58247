/**
 * Every user-visible string, in zh-CN (DingTalk's default, the case study's group) and en (Slack's).
 * zh-CN wording for alarms follows the case study's notification: 【紧急】/【恢复】/【提醒】, 告警状态…
 */
import type { Locale } from '../shared/locale.ts';

const zhCN = {
  prefix: { ALARM: '【紧急】', OK: '【恢复】', INSUFFICIENT_DATA: '【提醒】', MESSAGE: '【通知】' },
  headline: { ALARM: '🚨 告警触发', OK: '✅ 恢复正常', INSUFFICIENT_DATA: '⚠️ 数据不足', MESSAGE: '📨 SNS 消息' },
  /** OK straight from INSUFFICIENT_DATA (a new alarm's first evaluation): nothing recovered. */
  firstOk: { prefix: '【正常】', headline: '✅ 告警状态正常（无越限）' },
  icon: { ALARM: '🚨', OK: '✅', INSUFFICIENT_DATA: '⚠️', MESSAGE: '📨' },
  stateName: { ALARM: 'ALARM 告警', OK: 'OK 正常', INSUFFICIENT_DATA: 'INSUFFICIENT_DATA 数据不足', MESSAGE: '消息' },
  label: {
    state: '告警状态',
    name: '告警名称',
    region: '区域',
    account: '账户',
    metric: '监控指标',
    expression: '指标表达式',
    rule: '告警规则',
    children: '触发的子告警',
    threshold: '阈值',
    description: '告警描述',
    reason: '触发原因',
    time: '告警时间',
    topic: 'SNS 主题',
    subject: '主题',
    message: '消息内容',
    note: '说明',
    lasted: '告警持续',
    graph: '指标图',
    muted: '已静音',
  },
  mutedUntil: (until: string, by: string) => `至 ${until}（${by} 设置），不 @ 任何人`,
  graphAlt: (name: string) => `${name} 指标图`,
  graphUnavailable: (why: string) => `暂不可用（${why}）`,
  lasted: (duration: string, since: string) => `${duration}（自 ${since}）`,
  was: (previous: string) => `（原状态 ${previous}）`,
  period: (seconds: number) => `${seconds} 秒`,
  datapoints: (needed: number, of: number) => `${of} 个周期中 ${needed} 个越过阈值`,
  band: (id: string) => `异常检测带 ${id}`,
  unknownRegion: '未知区域',
  nextSteps: '建议操作',
  genericSteps: {
    ALARM: ['在 CloudWatch 查看该告警的指标图表，确认峰值与持续时间', '对照告警时间检查近期的变更、部署与负载'],
    OK: ['确认指标已回落；如告警反复出现，检查阈值与评估周期'],
    INSUFFICIENT_DATA: ['检查指标是否仍在上报，或告警配置的维度是否正确'],
    MESSAGE: [] as string[],
  },
  steps: {
    ALARM: [
      '在 CloudWatch 查看 QueryTCU 图表，确认峰值与持续时间',
      '检查查询负载与复杂度（并发、扫描量、时间范围）',
      '考虑优化查询（/optimize report）或调整 MaxQueryTCU',
    ],
    OK: ['确认负载已回落；如告警反复出现，检查查询频率与并发'],
    INSUFFICIENT_DATA: ['QueryTCU 只在有查询时上报数据点；确认这是预期的空闲，而非采集中断'],
    MESSAGE: [] as string[],
  },
  openConsole: '在 CloudWatch 控制台查看',
  openTimestream: 'Timestream 控制台（MaxQueryTCU 设置）',
  digestTitle: (count: number) => `【告警汇总】${count} 条通知`,
  digestSummary: (count: number) => `告警汇总：${count} 条通知（发送过快，已合并）`,
  digestCounts: '按状态统计',
  digestList: '通知列表（最新在前）',
  digestWhy: (perMinute: number) => `钉钉机器人每分钟最多 ${perMinute} 条消息，以上通知已合并发送，无一丢失。`,
  timesIn: (timeZone: string) => `时间为 ${timeZone} 时间。`,
  truncated: '…（已截断）',
  more: (count: number) => `…另有 ${count} 条`,
  rawNote: '无法按 CloudWatch 告警解析，原样转发',
  messageSummary: (subject: string) => `SNS 消息：${subject}`,
};

type Strings = typeof zhCN;

const en: Strings = {
  prefix: { ALARM: '[ALARM] ', OK: '[RESOLVED] ', INSUFFICIENT_DATA: '[NOTICE] ', MESSAGE: '[MESSAGE] ' },
  headline: {
    ALARM: '🚨 Alarm triggered',
    OK: '✅ Back to normal',
    INSUFFICIENT_DATA: '⚠️ Insufficient data',
    MESSAGE: '📨 SNS message',
  },
  firstOk: { prefix: '[OK] ', headline: '✅ Alarm OK (no breach)' },
  icon: zhCN.icon,
  stateName: { ALARM: 'ALARM', OK: 'OK', INSUFFICIENT_DATA: 'INSUFFICIENT_DATA', MESSAGE: 'message' },
  label: {
    state: 'State',
    name: 'Alarm',
    region: 'Region',
    account: 'Account',
    metric: 'Metric',
    expression: 'Expression',
    rule: 'Rule',
    children: 'Triggering children',
    threshold: 'Threshold',
    description: 'Description',
    reason: 'Reason',
    time: 'Time',
    topic: 'SNS topic',
    subject: 'Subject',
    message: 'Message',
    note: 'Note',
    lasted: 'Lasted',
    graph: 'Graph',
    muted: 'Muted',
  },
  mutedUntil: (until, by) => `until ${until} by ${by}: no one is paged`,
  graphAlt: (name) => `graph of ${name}`,
  graphUnavailable: (why) => `graph unavailable (${why})`,
  lasted: (duration, since) => `${duration} (since ${since})`,
  was: (previous) => ` (was ${previous})`,
  period: (seconds) => `${seconds} s`,
  datapoints: (needed, of) => `${needed} of ${of} periods breaching`,
  band: (id) => `anomaly band ${id}`,
  unknownRegion: 'unknown region',
  nextSteps: 'Next steps',
  genericSteps: {
    ALARM: [
      "Open the alarm's graph in CloudWatch: how high, how long",
      'Check recent changes, deployments and load around the alarm time',
    ],
    OK: ['Confirm the metric is back to normal; if the alarm keeps flapping, review its threshold and periods'],
    INSUFFICIENT_DATA: ['Check the metric is still reported and the alarm dimensions are right'],
    MESSAGE: [],
  },
  steps: {
    ALARM: [
      'Open the QueryTCU graph in CloudWatch: how high, how long',
      'Check query load and complexity (concurrency, bytes scanned, time ranges)',
      'Consider optimizing the queries (/optimize report) or adjusting MaxQueryTCU',
    ],
    OK: ['Confirm the load has dropped; if the alarm keeps flapping, review query frequency and concurrency'],
    INSUFFICIENT_DATA: ['QueryTCU has datapoints only while queries run: check this is expected idleness, not a gap'],
    MESSAGE: [],
  },
  openConsole: 'Open in CloudWatch',
  openTimestream: 'Timestream console (MaxQueryTCU setting)',
  digestTitle: (count) => `[DIGEST] ${count} notifications`,
  digestSummary: (count) => `Digest: ${count} notifications (sent too fast, combined)`,
  digestCounts: 'By state',
  digestList: 'Notifications (newest first)',
  digestWhy: (perMinute) =>
    `This destination takes at most ${perMinute} messages a minute; these were combined so none is lost.`,
  timesIn: (timeZone) => `Times are in ${timeZone}.`,
  truncated: '… (truncated)',
  more: (count) => `… and ${count} more`,
  rawNote: 'Not readable as a CloudWatch alarm; forwarded as it came',
  messageSummary: (subject) => `SNS message: ${subject}`,
};

const STRINGS: Record<Locale, Strings> = { 'zh-CN': zhCN, en };

export function strings(locale: Locale): Strings {
  return STRINGS[locale];
}

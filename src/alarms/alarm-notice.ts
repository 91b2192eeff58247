/**
 * Turns what SNS delivered into a Notice in one language: the facts of the alarm (metric, expression
 * or rule; threshold; reason; both times), next steps and a console link. Also the compact
 * DigestEntry kept if the message has to wait for a digest.
 */
import type { Locale } from '../shared/locale.ts';
import type { DigestEntry, Fact, Notice, Severity } from '../chat/notice.ts';
import { strings } from '../chat/i18n.ts';
import { formatDuration, formatInZone, formatUtcAndLocal } from '../shared/time-format.ts';
import type { AlarmThreshold, CloudWatchAlarm, MetricQuery, MetricRef } from './cloudwatch-alarm.ts';
import type { InboundNotification } from './inbound.ts';
import { alarmConsoleUrl, timestreamConsoleUrl } from './console-links.ts';
import { regionDisplayName } from './region.ts';
import type { AlarmGraph } from './graph/alarm-graphs.ts';
import type { Mute } from './alarm-mutes.ts';
import { alarmHistoryKey } from './alarm-history.ts';

export interface NoticeOptions {
  readonly locale: Locale;
  /** IANA zone shown next to UTC (default Asia/Shanghai in config). */
  readonly timeZone: string;
  /** When the alarm entered ALARM, if known: recovery messages then say how long it lasted. */
  readonly alarmSinceMs?: number | undefined;
  /** The metric graph drawn for the message, or why there is none this time. */
  readonly graph?: AlarmGraph;
  /** The mute in force: the message pages no one and says so. */
  readonly muted?: Mute | undefined;
}

const SEVERITY = {
  ALARM: 'critical',
  OK: 'recovery',
  INSUFFICIENT_DATA: 'warning',
  MESSAGE: 'info',
} as const satisfies Record<string, Severity>;

const COMPARISON: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: '∉',
  LessThanLowerThreshold: '<',
  GreaterThanUpperThreshold: '>',
};

export function noticeFor(inbound: InboundNotification, options: NoticeOptions): Notice {
  return inbound.content.kind === 'alarm'
    ? alarmNotice(inbound.content.alarm, options)
    : messageNotice(inbound, inbound.content.text, inbound.content.note, options);
}

export function digestEntryFor(inbound: InboundNotification): DigestEntry {
  if (inbound.content.kind === 'alarm') {
    const alarm = inbound.content.alarm;
    return {
      id: inbound.id,
      severity: SEVERITY[alarm.state],
      state: alarm.state,
      name: alarm.name,
      regionCode: alarm.regionCode,
      atMs: alarm.stateChangedAtMs,
    };
  }
  return {
    id: inbound.id,
    severity: 'info',
    state: 'MESSAGE',
    name: (inbound.subject ?? inbound.content.text).slice(0, 120),
    regionCode: undefined,
    atMs: inbound.sentAtMs ?? 0,
  };
}

export function alarmNotice(
  alarm: CloudWatchAlarm,
  { locale, timeZone, alarmSinceMs, graph, muted }: NoticeOptions,
): Notice {
  const t = strings(locale);
  const facts: Fact[] = [
    {
      label: t.label.state,
      value: `${t.stateName[alarm.state]}${alarm.previousState ? t.was(alarm.previousState) : ''}`,
    },
    { label: t.label.name, value: alarm.name },
    { label: t.label.region, value: regionText(alarm, t.unknownRegion) },
  ];
  if (alarm.accountId) facts.push({ label: t.label.account, value: alarm.accountId });
  facts.push(...subjectFacts(alarm, locale));
  if (alarm.description) facts.push({ label: t.label.description, value: alarm.description, isLong: true });
  if (alarm.reason) facts.push({ label: t.label.reason, value: alarm.reason, isLong: true });
  facts.push({ label: t.label.time, value: formatUtcAndLocal(alarm.stateChangedAtMs, timeZone) });
  if (alarmSinceMs !== undefined && alarm.state !== 'ALARM') {
    facts.push({
      label: t.label.lasted,
      value: t.lasted(formatDuration(alarm.stateChangedAtMs - alarmSinceMs), formatUtcAndLocal(alarmSinceMs, timeZone)),
    });
  }

  if (graph && 'unavailable' in graph)
    facts.push({ label: t.label.graph, value: t.graphUnavailable(graph.unavailable) });
  if (muted) facts.push({ label: t.label.muted, value: t.mutedUntil(formatInZone(muted.untilMs, timeZone), muted.by) });

  // A new alarm's first evaluation goes from INSUFFICIENT_DATA to OK: nothing recovered, nothing to do.
  const isFirstOk = alarm.state === 'OK' && alarm.previousState === 'INSUFFICIENT_DATA';
  const steps = isFirstOk ? [] : (isAboutQueryTcu(alarm) ? t.steps : t.genericSteps)[alarm.state];
  const prefix = isFirstOk ? t.firstOk.prefix : t.prefix[alarm.state];
  const alarmPage = alarmConsoleUrl(alarm);
  const timestream = isAboutQueryTcu(alarm) ? timestreamConsoleUrl(alarm) : undefined;
  return {
    severity: isFirstOk ? 'info' : SEVERITY[alarm.state],
    state: alarm.state,
    summary: `${prefix}${alarm.name} ${alarm.state}`,
    title: `${prefix}${isFirstOk ? t.firstOk.headline : t.headline[alarm.state]}`,
    subject: alarm.name,
    facts,
    sections: steps.length > 0 ? [{ heading: t.nextSteps, lines: steps, isOrdered: true }] : [],
    links: [
      ...(alarmPage ? [{ label: t.openConsole, url: alarmPage }] : []),
      ...(timestream ? [{ label: t.openTimestream, url: timestream }] : []),
    ],
    footer: undefined,
    image: graph && 'url' in graph ? { url: graph.url, alt: t.graphAlt(alarm.name) } : undefined,
    quiet: muted !== undefined,
    alarm: {
      key: alarmHistoryKey(alarm),
      name: alarm.name,
      ...(alarm.state === 'OK' && !isFirstOk ? { resolved: resolvedLine(alarm, alarmSinceMs, locale, timeZone) } : {}),
    },
  };
}

function resolvedLine(
  alarm: CloudWatchAlarm,
  alarmSinceMs: number | undefined,
  locale: Locale,
  timeZone: string,
): string {
  const t = strings(locale);
  const at = formatInZone(alarm.stateChangedAtMs, timeZone);
  return alarmSinceMs === undefined
    ? t.resolvedAt(at)
    : t.resolvedAfter(formatDuration(alarm.stateChangedAtMs - alarmSinceMs), at);
}

/** QueryTCU alarms get TCU-specific next steps; any other alarm, generic ones. */
function isAboutQueryTcu(alarm: CloudWatchAlarm): boolean {
  const metrics: (MetricRef | undefined)[] =
    alarm.kind === 'metric'
      ? [alarm.metric]
      : alarm.kind === 'composite' || alarm.kind === 'bare'
        ? []
        : alarm.queries.map((query) => query.metric);
  const hasTcuMetric = metrics.some((metric) =>
    metric?.dimensions.some((d) => d.name === 'Resource' && /QueryTCU/i.test(d.value)),
  );
  return hasTcuMetric || /\bTCU|QueryTCU/i.test(alarm.kind === 'composite' ? alarm.rule : alarm.name);
}

function subjectFacts(alarm: CloudWatchAlarm, locale: Locale): Fact[] {
  const t = strings(locale);
  switch (alarm.kind) {
    case 'metric':
      return [
        { label: t.label.metric, value: describeMetric(alarm.metric, locale) },
        { label: t.label.threshold, value: describeThreshold(alarm.threshold, locale, alarm.metric.unit) },
      ];
    case 'math':
      return [
        { label: t.label.expression, value: describeQuery(alarm.evaluated, locale) },
        ...inputFacts(alarm.queries, alarm.evaluated, locale),
        { label: t.label.threshold, value: describeThreshold(alarm.threshold, locale, undefined) },
      ];
    case 'anomaly':
      return [
        { label: t.label.metric, value: describeQuery(alarm.evaluated, locale) },
        { label: t.label.expression, value: describeQuery(alarm.band, locale) },
        { label: t.label.threshold, value: describeThreshold(alarm.threshold, locale, undefined) },
      ];
    case 'bare':
      return [];
    case 'composite': {
      const children = alarm.children.map((child) => (child.state ? `${child.name} (${child.state})` : child.name));
      return [
        { label: t.label.rule, value: alarm.rule, isLong: true },
        ...(children.length > 0 ? [{ label: t.label.children, value: children.join(', '), isLong: true }] : []),
      ];
    }
  }
}

/** The metrics a math expression reads, so `m1/m2` is not shown without saying what m1 and m2 are. */
function inputFacts(queries: readonly MetricQuery[], evaluated: MetricQuery, locale: Locale): Fact[] {
  const inputs = queries.filter((query) => query !== evaluated && query.metric);
  if (inputs.length === 0) return [];
  return [
    {
      label: strings(locale).label.metric,
      value: inputs.map((query) => describeQuery(query, locale)).join('; '),
      isLong: true,
    },
  ];
}

function describeQuery(query: MetricQuery, locale: Locale): string {
  const label = query.label ? ` "${query.label}"` : '';
  if (query.expression) return `${query.id} = ${query.expression}${label}`;
  if (query.metric) return `${query.id} = ${describeMetric(query.metric, locale)}${label}`;
  return `${query.id}${label}`;
}

export function describeMetric(metric: MetricRef, locale: Locale): string {
  const name = metric.namespace ? `${metric.namespace} ${metric.name}` : metric.name;
  const dims =
    metric.dimensions.length > 0 ? ` (${metric.dimensions.map((d) => `${d.name}=${d.value}`).join(', ')})` : '';
  const extras = [
    metric.statistic,
    metric.periodSeconds ? strings(locale).period(metric.periodSeconds) : undefined,
  ].filter(Boolean);
  return `${name}${dims}${extras.length > 0 ? ` · ${extras.join(' · ')}` : ''}`;
}

function describeThreshold(threshold: AlarmThreshold, locale: Locale, unit: string | undefined): string {
  const t = strings(locale);
  const symbol = threshold.comparison ? (COMPARISON[threshold.comparison] ?? threshold.comparison) : '';
  const target =
    threshold.value !== undefined
      ? `${threshold.value}${unit && unit !== 'None' ? ` ${unit}` : ''}`
      : threshold.bandMetricId
        ? t.band(threshold.bandMetricId)
        : '?';
  const parts = [`${symbol} ${target}`.trim()];
  if (threshold.comparison) parts.push(threshold.comparison);
  if (threshold.evaluationPeriods)
    parts.push(t.datapoints(threshold.datapointsToAlarm ?? threshold.evaluationPeriods, threshold.evaluationPeriods));
  return parts.join(' · ');
}

function regionText(alarm: CloudWatchAlarm, unknown: string): string {
  const name = alarm.regionName ?? (alarm.regionCode ? regionDisplayName(alarm.regionCode) : undefined);
  if (name && alarm.regionCode) return `${name} · ${alarm.regionCode}`;
  return name ?? alarm.regionCode ?? unknown;
}

function messageNotice(
  inbound: InboundNotification,
  text: string,
  note: string | undefined,
  { locale, timeZone }: NoticeOptions,
): Notice {
  const t = strings(locale);
  const subject = inbound.subject ?? inbound.topicArn?.split(':').pop() ?? 'SNS';
  const facts: Fact[] = [];
  if (inbound.topicArn) facts.push({ label: t.label.topic, value: inbound.topicArn });
  if (inbound.sentAtMs !== undefined)
    facts.push({ label: t.label.time, value: formatUtcAndLocal(inbound.sentAtMs, timeZone) });
  if (note) facts.push({ label: t.label.note, value: `${t.rawNote}: ${note}`, isLong: true });
  facts.push({ label: t.label.message, value: text, isLong: true });
  return {
    severity: 'info',
    state: undefined,
    summary: t.messageSummary(subject),
    title: `${t.prefix.MESSAGE}${t.headline.MESSAGE}`,
    subject,
    facts,
    sections: [],
    links: [],
    footer: undefined,
  };
}

/**
 * The graph of an alarm, as CloudWatch's GetMetricWidgetImage takes it (the MetricWidget JSON:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Metric-Widget-Structure.html):
 * the alarm's metric over the last 3 hours or 20 evaluation periods, whichever is longer, with the
 * threshold as a horizontal line and the time in ALARM shaded; for metric math, the expression drawn
 * from its hidden inputs; for an anomaly alarm, the metric and its band. A composite alarm has no
 * graph (its message lists its children and their states instead), nor does an alarm without a metric.
 */
import type { CloudWatchAlarm, MetricQuery, MetricRef } from '../cloudwatch-alarm.ts';

const THREE_HOURS_MS = 3 * 3600_000;
const PERIODS_SHOWN = 20;
const ALARM_RED = '#d62728';
export const GRAPH_SIZE = { width: 600, height: 300 } as const;

type MetricEntry = (string | Record<string, unknown>)[] | [Record<string, unknown>];

export interface MetricWidget {
  readonly title: string;
  readonly view: 'timeSeries';
  readonly width: number;
  readonly height: number;
  readonly start: string;
  readonly end: string;
  readonly period: number;
  readonly stat: string;
  readonly timezone: '+0000';
  readonly metrics: MetricEntry[];
  readonly annotations: {
    readonly horizontal?: { label: string; value: number; color: string }[];
    readonly vertical?: [{ label: string; value: string; color: string }, { value: string }][];
  };
}

function metricEntry(metric: MetricRef, options: Record<string, unknown>): MetricEntry {
  const dimensions = metric.dimensions.flatMap((dimension) => [dimension.name, dimension.value]);
  return [metric.namespace ?? '', metric.name, ...dimensions, options];
}

function queryEntries(queries: readonly MetricQuery[], visibleId: string): MetricEntry[] {
  return queries.map((query) => {
    const options = { id: query.id, ...(query.label ? { label: query.label } : {}), visible: query.id === visibleId };
    if (query.expression !== undefined) return [{ expression: query.expression, ...options }];
    const metric = query.metric!;
    return metricEntry(metric, {
      ...options,
      ...(metric.statistic ? { stat: metric.statistic } : {}),
      ...(metric.periodSeconds ? { period: metric.periodSeconds } : {}),
    });
  });
}

/** The period an alarm evaluates, in seconds (60 when the payload does not say). */
function periodOf(alarm: CloudWatchAlarm): number {
  if (alarm.kind === 'metric') return alarm.metric.periodSeconds ?? 60;
  if (alarm.kind === 'math' || alarm.kind === 'anomaly')
    return alarm.queries.find((query) => query.metric?.periodSeconds)?.metric?.periodSeconds ?? 60;
  return 60;
}

/**
 * The widget for an alarm, drawn at `nowMs` (it ends then, and at least a minute after the change);
 * undefined when the alarm has no graph.
 */
export function alarmWidget(
  alarm: CloudWatchAlarm,
  options: { readonly nowMs: number; readonly alarmSinceMs?: number | undefined },
): MetricWidget | undefined {
  if (alarm.kind === 'composite' || alarm.kind === 'bare') return undefined;
  const period = periodOf(alarm);
  const endMs = Math.max(options.nowMs, alarm.stateChangedAtMs + 60_000);
  const startMs = endMs - Math.max(THREE_HOURS_MS, PERIODS_SHOWN * period * 1000);
  // The span in ALARM: from when it began (known for a recovery) or from this change, to now.
  const alarmFrom = alarm.state === 'ALARM' ? alarm.stateChangedAtMs : options.alarmSinceMs;
  const alarmTo = alarm.state === 'ALARM' ? endMs : alarm.stateChangedAtMs;
  const vertical =
    alarmFrom !== undefined && alarmFrom < alarmTo
      ? [
          [
            { label: 'ALARM', value: new Date(Math.max(alarmFrom, startMs)).toISOString(), color: ALARM_RED },
            { value: new Date(alarmTo).toISOString() },
          ] as [{ label: string; value: string; color: string }, { value: string }],
        ]
      : undefined;
  const threshold = alarm.threshold.value;
  const horizontal =
    alarm.kind !== 'anomaly' && threshold !== undefined
      ? [{ label: `threshold ${threshold}`, value: threshold, color: ALARM_RED }]
      : undefined;
  const metrics: MetricEntry[] =
    alarm.kind === 'metric'
      ? [
          metricEntry(alarm.metric, {
            id: 'm1',
            ...(alarm.metric.statistic ? { stat: alarm.metric.statistic } : {}),
            period,
          }),
        ]
      : alarm.kind === 'math'
        ? queryEntries(alarm.queries, alarm.evaluated.id)
        : // The band and the metric it is drawn around both show.
          queryEntries(alarm.queries, alarm.evaluated.id).map((entry) => {
            const options = entry.at(-1) as Record<string, unknown>;
            if (options.id === alarm.band.id) options.visible = true;
            return entry;
          });
  return {
    title: alarm.name,
    view: 'timeSeries',
    ...GRAPH_SIZE,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    period,
    stat: alarm.kind === 'metric' ? (alarm.metric.statistic ?? 'Average') : 'Average',
    timezone: '+0000',
    metrics,
    annotations: { ...(horizontal ? { horizontal } : {}), ...(vertical ? { vertical } : {}) },
  };
}

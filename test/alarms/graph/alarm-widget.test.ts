/** The graph CloudWatch is asked for, from the alarm itself: metric, math, anomaly band; range, threshold, ALARM span. */
import { describe, expect, it } from 'vitest';
import { parseCloudWatchAlarm, type CloudWatchAlarm } from '../../../src/alarms/cloudwatch-alarm.ts';
import { alarmWidget } from '../../../src/alarms/graph/alarm-widget.ts';
import { anAlarm } from '../../support/builders.ts';

const CHANGED = Date.parse('2026-12-04T10:00:00Z');
const NOW = CHANGED + 2 * 60_000;

function alarm(fields: Record<string, unknown>): CloudWatchAlarm {
  const parsed = parseCloudWatchAlarm({
    AlarmName: 'query-tcu-high',
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason: 'Threshold Crossed',
    StateChangeTime: new Date(CHANGED).toISOString(),
    Region: 'US East (N. Virginia)',
    ...fields,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.alarm;
}

/** The QueryTCU alarm's trigger (test/fixtures/alarms/metric-query-tcu.json) at 160 TCU. */
const TCU_TRIGGER = anAlarm().withThreshold(160).json().Trigger as Record<string, unknown>;

describe('alarmWidget', () => {
  it('a metric alarm: its metric and stat, 3 hours to now, the threshold line and the ALARM span', () => {
    const widget = alarmWidget(alarm({ Trigger: TCU_TRIGGER }), { nowMs: NOW })!;
    expect(widget.metrics).toEqual([
      [
        'AWS/Usage',
        'ResourceCount',
        'Service',
        'Timestream',
        'Resource',
        'QueryTCU',
        'Type',
        'Resource',
        'Class',
        'OnDemand',
        { id: 'm1', stat: 'Maximum', period: 60 },
      ],
    ]);
    expect([widget.start, widget.end]).toEqual([
      new Date(NOW - 3 * 3600_000).toISOString(),
      new Date(NOW).toISOString(),
    ]);
    expect(widget.annotations.horizontal).toEqual([{ label: 'threshold 160', value: 160, color: '#d62728' }]);
    expect(widget.annotations.vertical).toEqual([
      [
        { label: 'ALARM', value: new Date(CHANGED).toISOString(), color: '#d62728' },
        { value: new Date(NOW).toISOString() },
      ],
    ]);
    expect(widget).toMatchObject({ title: 'query-tcu-high', period: 60, stat: 'Maximum', width: 600, height: 300 });
  });

  it('shows 20 evaluation periods when they are longer than 3 hours', () => {
    const widget = alarmWidget(alarm({ Trigger: { ...TCU_TRIGGER, Period: 3600 } }), { nowMs: NOW })!;
    expect(Date.parse(widget.end) - Date.parse(widget.start)).toBe(20 * 3600_000);
  });

  it('a recovery shades the span the alarm lasted', () => {
    const since = CHANGED - 40 * 60_000;
    const widget = alarmWidget(alarm({ Trigger: TCU_TRIGGER, NewStateValue: 'OK', OldStateValue: 'ALARM' }), {
      nowMs: NOW,
      alarmSinceMs: since,
    })!;
    expect(widget.annotations.vertical?.[0]?.map((edge) => edge.value)).toEqual([
      new Date(since).toISOString(),
      new Date(CHANGED).toISOString(),
    ]);
  });

  it('metric math: the expression shown, its inputs hidden', () => {
    const widget = alarmWidget(
      alarm({
        Trigger: {
          Metrics: [
            { Id: 'e1', Expression: 'm1 / m2 * 100', Label: 'throttled %', ReturnData: true },
            {
              Id: 'm1',
              MetricStat: {
                Metric: { Namespace: 'AWS/Timestream', MetricName: 'UserErrors', Dimensions: [] },
                Period: 300,
                Stat: 'Sum',
              },
              ReturnData: false,
            },
            {
              Id: 'm2',
              MetricStat: {
                Metric: { Namespace: 'AWS/Timestream', MetricName: 'SuccessfulRequestLatency', Dimensions: [] },
                Period: 300,
                Stat: 'SampleCount',
              },
              ReturnData: false,
            },
          ],
          EvaluationPeriods: 3,
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 5,
        },
      }),
      { nowMs: NOW },
    )!;
    expect(widget.metrics).toEqual([
      [{ expression: 'm1 / m2 * 100', id: 'e1', label: 'throttled %', visible: true }],
      ['AWS/Timestream', 'UserErrors', { id: 'm1', visible: false, stat: 'Sum', period: 300 }],
      ['AWS/Timestream', 'SuccessfulRequestLatency', { id: 'm2', visible: false, stat: 'SampleCount', period: 300 }],
    ]);
    expect(widget.period).toBe(300);
  });

  it('an anomaly alarm: the metric and its band, no threshold line', () => {
    const widget = alarmWidget(
      alarm({
        Trigger: {
          Metrics: [
            {
              Id: 'm1',
              MetricStat: {
                Metric: { Namespace: 'AWS/Usage', MetricName: 'ResourceCount', Dimensions: [] },
                Period: 60,
                Stat: 'Maximum',
              },
              ReturnData: true,
            },
            { Id: 'ad1', Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', Label: 'expected', ReturnData: true },
          ],
          ThresholdMetricId: 'ad1',
          EvaluationPeriods: 3,
          ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
        },
      }),
      { nowMs: NOW },
    )!;
    expect(widget.metrics.map((entry) => (entry.at(-1) as { id: string; visible: boolean }).visible)).toEqual([
      true,
      true,
    ]);
    expect(widget.annotations.horizontal).toBeUndefined();
  });

  it('a composite alarm has no graph', () => {
    const composite = alarm({
      AlarmRule: 'ALARM("a") OR ALARM("b")',
      TriggeringChildren: [
        {
          Arn: 'arn:aws:cloudwatch:us-east-1:1:alarm:a',
          State: { Value: 'ALARM', Timestamp: '2026-12-04T09:59:00.000+0000' },
        },
      ],
    });
    expect(composite.kind).toBe('composite');
    expect(alarmWidget(composite, { nowMs: NOW })).toBeUndefined();
  });
});

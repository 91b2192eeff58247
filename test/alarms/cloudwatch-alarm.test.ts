import { describe, expect, it } from 'vitest';
import { parseCloudWatchAlarm, parseCloudWatchTime, type CloudWatchAlarm } from '../../src/alarms/cloudwatch-alarm.ts';
import { anAlarm } from '../support/builders.ts';
import { readJsonFixture } from '../support/fixtures.ts';

function parseFixture(name: string): CloudWatchAlarm {
  const result = parseCloudWatchAlarm(readJsonFixture(`alarms/${name}`));
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.alarm;
}

describe('parseCloudWatchTime', () => {
  it.each([
    ['2025-05-28T09:59:59.999+0000', Date.UTC(2025, 4, 28, 9, 59, 59, 999)],
    ['2025-05-28T17:59:59.999+0800', Date.UTC(2025, 4, 28, 9, 59, 59, 999)],
    ['2025-05-28T09:59:59.999+00:00', Date.UTC(2025, 4, 28, 9, 59, 59, 999)],
    ['2025-05-28T09:59:59Z', Date.UTC(2025, 4, 28, 9, 59, 59)],
  ])('reads %s', (text, expected) => {
    expect(parseCloudWatchTime(text)).toBe(expected);
  });

  it.each(['yesterday', '2025-05-28 09:59:59', '2025-13-28T09:59:59Z', ''])('refuses %j', (text) => {
    expect(parseCloudWatchTime(text)).toBeUndefined();
  });
});

describe('parseCloudWatchAlarm', () => {
  it('reads a metric alarm from Trigger, not from the top level', () => {
    const alarm = parseFixture('metric-query-tcu.json');
    expect(alarm).toMatchObject({
      kind: 'metric',
      name: 'TimestreamQueryTCUHigh',
      state: 'ALARM',
      previousState: 'OK',
      regionCode: 'ap-northeast-1',
      regionName: 'Asia Pacific (Tokyo)',
      stateChangedAtMs: Date.UTC(2025, 4, 28, 9, 59, 59, 999),
      metric: {
        namespace: 'AWS/Usage',
        name: 'ResourceCount',
        statistic: 'Maximum',
        periodSeconds: 60,
        unit: undefined,
        dimensions: [
          { name: 'Service', value: 'Timestream' },
          { name: 'Resource', value: 'QueryTCU' },
          { name: 'Type', value: 'Resource' },
          { name: 'Class', value: 'OnDemand' },
        ],
      },
      threshold: { comparison: 'GreaterThanThreshold', value: 100, evaluationPeriods: 3, datapointsToAlarm: 3 },
    });
  });

  it('tolerates null description and unit, empty dimensions and upper-case statistics', () => {
    const alarm = parseFixture('metric-upper-case-nulls.json');
    expect(alarm.kind).toBe('metric');
    if (alarm.kind !== 'metric') return;
    expect(alarm.description).toBeUndefined();
    expect(alarm.metric.statistic).toBe('Sum');
    expect(alarm.metric.dimensions).toEqual([]);
    expect(alarm.regionCode).toBe('eu-west-2');
  });

  it('shows the ReturnData expression of a metric-math alarm', () => {
    const alarm = parseFixture('math-utilisation.json');
    expect(alarm.kind).toBe('math');
    if (alarm.kind !== 'math') return;
    expect(alarm.evaluated).toMatchObject({
      id: 'e1',
      expression: '100 * m1 / 200',
      label: 'QueryTCU % of MaxQueryTCU',
    });
    expect(alarm.queries.map((query) => query.id)).toEqual(['m1', 'e1']);
    expect(alarm.regionCode).toBe('cn-north-1');
  });

  it('reads an anomaly-detection alarm with ThresholdMetricId and no Threshold', () => {
    const alarm = parseFixture('anomaly-query-tcu.json');
    expect(alarm.kind).toBe('anomaly');
    if (alarm.kind !== 'anomaly') return;
    expect(alarm.threshold.value).toBeUndefined();
    expect(alarm.threshold.bandMetricId).toBe('ad1');
    expect(alarm.band.expression).toBe('ANOMALY_DETECTION_BAND(m1, 2)');
    expect(alarm.evaluated.id).toBe('m1');
    expect(alarm.evaluated.metric?.name).toBe('ResourceCount');
  });

  it('reads composite alarms with children as objects and as strings', () => {
    const objects = parseFixture('composite-children-objects.json');
    const strings = parseFixture('composite-children-strings.json');
    expect(objects.kind).toBe('composite');
    expect(strings.kind).toBe('composite');
    if (objects.kind !== 'composite' || strings.kind !== 'composite') return;
    expect(objects.rule).toBe('ALARM("TimestreamQueryTCUHigh") AND ALARM("TimestreamThrottles")');
    expect(objects.children).toEqual([
      {
        arn: expect.stringContaining(':alarm:TimestreamQueryTCUHigh'),
        name: 'TimestreamQueryTCUHigh',
        state: 'ALARM',
        stateAtMs: Date.UTC(2025, 4, 28, 9, 59, 59, 999),
      },
      {
        arn: expect.stringContaining(':alarm:TimestreamThrottles'),
        name: 'TimestreamThrottles',
        state: 'ALARM',
        stateAtMs: Date.UTC(2025, 4, 28, 10, 0, 0, 500),
      },
    ]);
    expect(strings.children).toEqual([
      { arn: expect.any(String), name: 'TimestreamQueryTCUHigh', state: undefined, stateAtMs: undefined },
    ]);
  });

  it('takes the region from the display name when there is no ARN', () => {
    expect(parseFixture('insufficient-no-arn.json')).toMatchObject({
      regionCode: 'ap-northeast-1',
      state: 'INSUFFICIENT_DATA',
    });
  });

  it('names the path of every problem', () => {
    const bad = anAlarm().json();
    (bad.Trigger as Record<string, unknown>).Dimensions = [{ name: 'Service' }];
    bad.StateChangeTime = 'soon';
    const result = parseCloudWatchAlarm(bad, 'Message');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.join('\n')).toContain('Message.StateChangeTime: is not a timestamp');
    expect(result.problems.join('\n')).toContain('Message.Trigger');
  });

  it('refuses an unknown state', () => {
    const result = parseCloudWatchAlarm({ ...anAlarm().json(), NewStateValue: 'MAYBE' });
    expect(result.ok).toBe(false);
  });
});

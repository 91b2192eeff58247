/**
 * CloudWatch GetMetricData as the current SDK speaks it (AWS JSON 1.0, target
 * `GraniteServiceVersion20100801.GetMetricData`, times as epoch seconds). `AWS/Usage` `ResourceCount`
 * with Service=Timestream, Resource=QueryTCU answers from the capacity model's per-minute minimum and
 * maximum; any other metric answers with no datapoints, as CloudWatch does for a metric it never saw.
 */
import { z } from 'zod';
import { AwsError } from '../errors.ts';
import type { CapacityReadings, MinuteTcu } from '../timestream/capacity/capacity-model.ts';
import { defineOperation } from '../timestream/operations/operation.ts';

export const CLOUDWATCH_TARGET = 'GraniteServiceVersion20100801';
const NAMESPACE = 'com.amazonaws.cloudwatch';

const invalid = (message: string) => new AwsError('InvalidParameterValueException', message, {}, NAMESPACE);

const querySchema = z.object({
  Id: z.string().regex(/^[a-z][A-Za-z0-9_]*$/, 'must start with a lower-case letter'),
  MetricStat: z
    .object({
      Metric: z.object({
        Namespace: z.string(),
        MetricName: z.string(),
        Dimensions: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
      }),
      Period: z.number().int().positive(),
      Stat: z.string(),
      Unit: z.string().optional(),
    })
    .optional(),
  Expression: z.string().optional(),
  Label: z.string().optional(),
  ReturnData: z.boolean().optional(),
});

export const QUERY_TCU_DIMENSIONS: Readonly<Record<string, string>> = {
  Service: 'Timestream',
  Resource: 'QueryTCU',
  Type: 'Resource',
  Class: 'OnDemand',
};

function isQueryTcu(metric: MetricRef): boolean {
  if (metric.Namespace !== 'AWS/Usage' || metric.MetricName !== 'ResourceCount') return false;
  const dimensions = metric.Dimensions ?? [];
  // CloudWatch matches the exact dimension set; the QueryTCU series carries all four.
  return (
    dimensions.length === 4 && dimensions.every((dimension) => QUERY_TCU_DIMENSIONS[dimension.Name] === dimension.Value)
  );
}

/** Aggregates minutes into periods (multiples of 60 s) for Maximum or Minimum. */
function aggregate(
  minutes: readonly MinuteTcu[],
  periodSeconds: number,
  stat: 'Maximum' | 'Minimum',
): [number, number][] {
  const periodMs = periodSeconds * 1000;
  const buckets = new Map<number, number>();
  for (const minute of minutes) {
    const start = Math.floor(minute.minuteStartMs / periodMs) * periodMs;
    const value = stat === 'Maximum' ? minute.max : minute.min;
    const current = buckets.get(start);
    buckets.set(
      start,
      current === undefined ? value : stat === 'Maximum' ? Math.max(current, value) : Math.min(current, value),
    );
  }
  return [...buckets].sort(([a], [b]) => a - b);
}

export interface MetricRef {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions?: readonly { readonly Name: string; readonly Value: string }[] | undefined;
}

/**
 * A metric's datapoints in [fromMs, toMs), oldest first, per period (a multiple of 60 s): QueryTCU from
 * the capacity model (Minimum and Maximum only, else undefined); any other metric has none.
 */
export function metricPoints(
  capacity: CapacityReadings,
  metric: MetricRef,
  stat: string,
  periodSeconds: number,
  fromMs: number,
  toMs: number,
): [number, number][] | undefined {
  if (!isQueryTcu(metric)) return [];
  if (stat !== 'Maximum' && stat !== 'Minimum') return undefined;
  return aggregate(capacity.minuteStats(fromMs, toMs), periodSeconds, stat);
}

export const getMetricData = defineOperation(
  'GetMetricData',
  z.object({
    MetricDataQueries: z.array(querySchema).min(1).max(500),
    StartTime: z.number(),
    EndTime: z.number(),
    NextToken: z.string().optional(),
    ScanBy: z.enum(['TimestampDescending', 'TimestampAscending']).optional(),
    MaxDatapoints: z.number().int().optional(),
    LabelOptions: z.unknown().optional(),
  }),
  (input, { service }) => {
    if (input.EndTime <= input.StartTime) throw invalid('The parameter EndTime must be greater than StartTime.');
    const fromMs = input.StartTime * 1000;
    const toMs = input.EndTime * 1000;
    const messages: { Code: string; Value: string }[] = [];
    const results = input.MetricDataQueries.filter((query) => query.ReturnData !== false).map((query) => {
      if (query.Expression !== undefined)
        throw invalid(`Metric math (Expression in ${query.Id}) is not supported by the tcu-bot emulator.`);
      const stat = query.MetricStat;
      if (!stat) throw invalid(`MetricDataQueries ${query.Id} needs MetricStat.`);
      if (stat.Period % 60 !== 0) throw invalid('The emulator answers periods that are multiples of 60 seconds.');
      let points = metricPoints(service.capacity, stat.Metric, stat.Stat, stat.Period, fromMs, toMs);
      if (!points) {
        points = [];
        messages.push({
          Code: 'UnsupportedStatistic',
          Value: `QueryTCU has Minimum and Maximum only, not ${stat.Stat}`,
        });
      }
      if (input.ScanBy !== 'TimestampAscending') points.reverse();
      return {
        Id: query.Id,
        Label: query.Label ?? stat.Metric.MetricName,
        StatusCode: 'Complete',
        Timestamps: points.map(([ms]) => ms / 1000),
        Values: points.map(([, value]) => value),
      };
    });
    return { MetricDataResults: results, Messages: messages };
  },
);

/**
 * TcuSource on CloudWatch GetMetricData (Maximum and Minimum of the configured metric, following
 * NextToken) and Timestream DescribeAccountSettings. The same clients talk to the emulator locally.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeAccountSettingsCommand, type TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import type { MinuteTcu, QueryAccountSettings, TcuSource } from './tcu-source.ts';

export interface TcuMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly periodSeconds: number;
}

export const QUERY_TCU_METRIC: TcuMetric = {
  namespace: 'AWS/Usage',
  metricName: 'ResourceCount',
  dimensions: { Service: 'Timestream', Resource: 'QueryTCU', Type: 'Resource', Class: 'OnDemand' },
  periodSeconds: 60,
};

export class CloudWatchTcuSource implements TcuSource {
  constructor(
    private readonly cloudwatch: CloudWatchClient,
    private readonly timestream: TimestreamQueryClient,
    private readonly metric: TcuMetric = QUERY_TCU_METRIC,
  ) {}

  async minuteTcu(fromMs: number, toMs: number): Promise<MinuteTcu[]> {
    const stat = (id: string, statistic: string): MetricDataQuery => ({
      Id: id,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: this.metric.namespace,
          MetricName: this.metric.metricName,
          Dimensions: Object.entries(this.metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: this.metric.periodSeconds,
        Stat: statistic,
      },
    });
    const byMinute = new Map<number, { min?: number; max?: number }>();
    let nextToken: string | undefined;
    do {
      const page = await this.cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [stat('tcumax', 'Maximum'), stat('tcumin', 'Minimum')],
          StartTime: new Date(fromMs),
          EndTime: new Date(toMs),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const key = result.Id === 'tcumax' ? 'max' : 'min';
        (result.Timestamps ?? []).forEach((timestamp, index) => {
          const minute = timestamp.getTime();
          const entry = byMinute.get(minute) ?? {};
          entry[key] = result.Values?.[index] ?? 0;
          byMinute.set(minute, entry);
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return [...byMinute]
      .map(([minuteStartMs, { min, max }]) => ({ minuteStartMs, min: min ?? max ?? 0, max: max ?? min ?? 0 }))
      .sort((a, b) => a.minuteStartMs - b.minuteStartMs);
  }

  async accountSettings(): Promise<QueryAccountSettings> {
    const settings = await this.timestream.send(new DescribeAccountSettingsCommand({}));
    return { maxQueryTcu: settings.MaxQueryTCU ?? 200, pricingModel: settings.QueryPricingModel ?? 'UNKNOWN' };
  }
}

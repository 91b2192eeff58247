/**
 * TcuSource on CloudWatch GetMetricData (Maximum and Minimum of the configured metric, following
 * NextToken) and Timestream DescribeAccountSettings. The same clients talk to the emulator locally.
 *
 * The series is found with ListMetrics first: the developer guide gives `Class=OnDemand`, but accounts
 * have been seen publishing `Class=None`, and GetMetricData matches dimensions exactly — a wrong value
 * answers "no data" forever. Found once per source; the configured dimensions when nothing is listed.
 */
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClient,
  type Dimension,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
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
  private found: Promise<Dimension[]> | undefined;

  constructor(
    private readonly cloudwatch: CloudWatchClient,
    private readonly timestream: TimestreamQueryClient,
    private readonly metric: TcuMetric = QUERY_TCU_METRIC,
  ) {}

  /** The series' exact dimensions: the listed one closest to the configured ones. */
  private dimensions(): Promise<Dimension[]> {
    this.found ??= this.discover().catch((error: unknown) => {
      this.found = undefined;
      throw error;
    });
    return this.found;
  }

  private async discover(): Promise<Dimension[]> {
    const configured = Object.entries(this.metric.dimensions).map(([Name, Value]) => ({ Name, Value }));
    // Every configured dimension but Class narrows the search; Class is what varies between accounts.
    const filter = configured.filter((dimension) => dimension.Name !== 'Class');
    const listed = await this.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: this.metric.namespace,
        MetricName: this.metric.metricName,
        Dimensions: filter,
      }),
    );
    const candidates = (listed.Metrics ?? [])
      .map((metric) => metric.Dimensions ?? [])
      .filter((dimensions) => dimensions.length === configured.length);
    const exact = candidates.find((dimensions) =>
      configured.every((want) => dimensions.some((have) => have.Name === want.Name && have.Value === want.Value)),
    );
    return exact ?? candidates[0] ?? configured;
  }

  async minuteTcu(fromMs: number, toMs: number): Promise<MinuteTcu[]> {
    const dimensions = await this.dimensions();
    const stat = (id: string, statistic: string): MetricDataQuery => ({
      Id: id,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: this.metric.namespace,
          MetricName: this.metric.metricName,
          Dimensions: dimensions,
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

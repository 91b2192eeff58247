/**
 * CostSource on Cost Explorer GetCostAndUsage (client in us-east-1): DAILY, one metric, filtered to one
 * SERVICE with credits and refunds left out, grouped by USAGE_TYPE, following NextPageToken (each page
 * costs $0.01). A day may be split across pages, so groups are merged by day.
 */
import {
  GetCostAndUsageCommand,
  GetDimensionValuesCommand,
  type CostExplorerClient,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import type { CostSource, DailyCost } from './cost-source.ts';

export interface CostQuery {
  /** The SERVICE dimension value, e.g. `Amazon Timestream` (`tcu-bot cost services` lists the real one). */
  readonly service: string;
  /** UnblendedCost by default; NetUnblendedCost, AmortizedCost… also work. */
  readonly metric: string;
}

export class CostExplorerSource implements CostSource {
  constructor(
    private readonly client: CostExplorerClient,
    private readonly query: CostQuery,
  ) {}

  async dailyCosts(startDay: string, endDayExclusive: string): Promise<DailyCost[]> {
    const days = new Map<
      string,
      { byUsageType: Record<string, number>; unit: string; isEstimated: boolean; hasData: boolean }
    >();
    let token: string | undefined;
    do {
      const page: GetCostAndUsageCommandOutput = await this.client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: startDay, End: endDayExclusive },
          Granularity: 'DAILY',
          Metrics: [this.query.metric],
          Filter: {
            And: [
              { Dimensions: { Key: 'SERVICE', Values: [this.query.service], MatchOptions: ['EQUALS'] } },
              { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } },
            ],
          },
          GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
          NextPageToken: token,
        }),
      );
      for (const result of page.ResultsByTime ?? []) {
        const day = result.TimePeriod?.Start;
        if (!day) continue;
        const entry = days.get(day) ?? { byUsageType: {}, unit: 'USD', isEstimated: false, hasData: false };
        entry.isEstimated ||= result.Estimated === true;
        for (const group of result.Groups ?? []) {
          const amount = group.Metrics?.[this.query.metric];
          if (!amount?.Amount) continue;
          const usageType = group.Keys?.[0] ?? 'unknown';
          entry.byUsageType[usageType] = (entry.byUsageType[usageType] ?? 0) + Number(amount.Amount);
          entry.unit = amount.Unit ?? entry.unit;
          entry.hasData = true;
        }
        days.set(day, entry);
      }
      token = page.NextPageToken;
    } while (token);
    return [...days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, entry]) => ({
        day,
        ...entry,
        total: Object.values(entry.byUsageType).reduce((sum, amount) => sum + amount, 0),
      }));
  }

  async serviceNames(contains: string, startDay: string, endDayExclusive: string): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new GetDimensionValuesCommand({
          TimePeriod: { Start: startDay, End: endDayExclusive },
          Dimension: 'SERVICE',
          SearchString: contains,
          NextPageToken: token,
        }),
      );
      names.push(
        ...(page.DimensionValues ?? [])
          .map((value) => value.Value ?? '')
          .filter((name) => name.toLowerCase().includes(contains.toLowerCase())),
      );
      token = page.NextPageToken;
    } while (token);
    return names;
  }
}

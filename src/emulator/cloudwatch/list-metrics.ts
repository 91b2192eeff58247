/**
 * CloudWatch ListMetrics: the emulator publishes one series, `AWS/Usage` `ResourceCount` for QueryTCU
 * with the dimensions the developer guide lists (Class=OnDemand), once a query has run in the last two
 * weeks — CloudWatch lists a metric only while it has recent data
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html).
 */
import { z } from 'zod';
import { defineOperation } from '../timestream/operations/operation.ts';
import { QUERY_TCU_DIMENSIONS } from './get-metric-data.ts';

const LISTED_FOR_MS = 14 * 24 * 3600_000;

export const listMetrics = defineOperation(
  'ListMetrics',
  z.object({
    Namespace: z.string().optional(),
    MetricName: z.string().optional(),
    Dimensions: z.array(z.object({ Name: z.string(), Value: z.string().optional() })).optional(),
    NextToken: z.string().optional(),
    RecentlyActive: z.literal('PT3H').optional(),
  }),
  (input, { service, clock }) => {
    const now = clock.now();
    const hasData = service.capacity.minuteStats(now - LISTED_FOR_MS, now + 60_000).length > 0;
    const matches =
      (input.Namespace ?? 'AWS/Usage') === 'AWS/Usage' &&
      (input.MetricName ?? 'ResourceCount') === 'ResourceCount' &&
      (input.Dimensions ?? []).every(
        (filter) =>
          filter.Name in QUERY_TCU_DIMENSIONS &&
          (filter.Value ?? QUERY_TCU_DIMENSIONS[filter.Name]) === QUERY_TCU_DIMENSIONS[filter.Name],
      );
    const metrics =
      hasData && matches
        ? [
            {
              Namespace: 'AWS/Usage',
              MetricName: 'ResourceCount',
              Dimensions: Object.entries(QUERY_TCU_DIMENSIONS).map(([Name, Value]) => ({ Name, Value })),
            },
          ]
        : [];
    return { Metrics: metrics };
  },
);

/**
 * Cost Explorer GetCostAndUsage and GetDimensionValues (AWS JSON 1.1, `AWSInsightsIndexService.*`),
 * answered with estimates from the emulator's usage meter: TCU-hours from the capacity model × price
 * per TCU-hour; writes in 1 KB units × price per million; memory store GB-hours of the data written
 * so far × price per GB-hour. Every day is marked Estimated. Usage-type names are the emulator's own.
 */
import { z } from 'zod';
import { AwsError } from '../errors.ts';
import { defineOperation, type OperationContext } from '../timestream/operations/operation.ts';

export const COST_EXPLORER_TARGET = 'AWSInsightsIndexService';
export const EMULATED_SERVICE = 'Amazon Timestream';
const NAMESPACE = 'com.amazonaws.awsinsightsindexservice';
const DAY_MS = 86_400_000;
const COST_METRICS = ['UnblendedCost', 'NetUnblendedCost', 'BlendedCost', 'AmortizedCost', 'NetAmortizedCost'];

const invalid = (message: string) => new AwsError('ValidationException', message, {}, NAMESPACE);

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const timePeriod = z.object({ Start: day, End: day });

type Expression = {
  Dimensions?: { Key: string; Values: string[]; MatchOptions?: string[] };
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
};
const expression: z.ZodType<Expression> = z.lazy(() =>
  z.object({
    Dimensions: z
      .object({ Key: z.string(), Values: z.array(z.string()), MatchOptions: z.array(z.string()).optional() })
      .optional(),
    And: z.array(expression).optional(),
    Or: z.array(expression).optional(),
    Not: expression.optional(),
  }),
);

/** Whether a filter keeps the emulated service's rows (credits and refunds never occur here). */
function keepsService(filter: Expression | undefined): boolean {
  if (!filter) return true;
  if (filter.And) return filter.And.every(keepsService);
  if (filter.Or) return filter.Or.some(keepsService);
  if (filter.Not) return filter.Not.Dimensions?.Key === 'RECORD_TYPE' ? true : !keepsService(filter.Not);
  const dimension = filter.Dimensions;
  if (!dimension) return true;
  if (dimension.Key === 'SERVICE') return dimension.Values.includes(EMULATED_SERVICE);
  if (dimension.Key === 'RECORD_TYPE') return dimension.Values.includes('Usage');
  throw invalid(
    `Filtering on ${dimension.Key} is not supported by the tcu-bot emulator (SERVICE and RECORD_TYPE are).`,
  );
}

function usageTypePrefix(region: string): string {
  const [area = '', direction = '', number = '1'] = region.split('-');
  return `${area.slice(0, 2).toUpperCase()}${direction.slice(0, 1).toUpperCase()}${number}`;
}

/** Estimated cost per usage type for one UTC day. */
export function estimateDay(
  dayStartMs: number,
  { service, prices, region, clock }: OperationContext,
): Record<string, number> {
  const dayEndMs = Math.min(dayStartMs + DAY_MS, clock.now());
  if (dayEndMs <= dayStartMs) return {};
  const prefix = usageTypePrefix(region);
  // The whole day: a 30-second minimum billed just now may reach past the current minute.
  const tcuHours = service.capacity.tcuHours(dayStartMs, dayStartMs + DAY_MS);
  let bytesToday = 0;
  let bytesBefore = 0;
  const hourlyBytes = new Map<number, number>();
  for (const [minute, bytes] of service.writtenBytesPerMinute) {
    const ms = minute * 60_000;
    if (ms < dayStartMs) bytesBefore += bytes;
    else if (ms < dayEndMs) {
      bytesToday += bytes;
      const hour = Math.floor((ms - dayStartMs) / 3600_000);
      hourlyBytes.set(hour, (hourlyBytes.get(hour) ?? 0) + bytes);
    }
  }
  // Memory store: the bytes held during each hour of the day (everything written so far; the emulator keeps all rows).
  let held = bytesBefore;
  let gbHours = 0;
  for (let hour = 0; hour * 3600_000 < dayEndMs - dayStartMs; hour += 1) {
    held += hourlyBytes.get(hour) ?? 0;
    const hourMs = Math.min(3600_000, dayEndMs - dayStartMs - hour * 3600_000);
    gbHours += (held / 1e9) * (hourMs / 3600_000);
  }
  const costs: Record<string, number> = {
    [`${prefix}-QueryTCU-Hours`]: tcuHours * prices.perTcuHour,
    [`${prefix}-WriteRequests-1KB`]: (Math.ceil(bytesToday / 1024) / 1e6) * prices.perMillionWrites1Kb,
    [`${prefix}-MemoryStore-GB-Hours`]: gbHours * prices.perMemoryGbHour,
  };
  return Object.fromEntries(Object.entries(costs).filter(([, amount]) => amount > 0));
}

const PAGE_DAYS = 31;

export const getCostAndUsage = defineOperation(
  'GetCostAndUsage',
  z.object({
    TimePeriod: timePeriod,
    Granularity: z.string(),
    Metrics: z.array(z.string()).min(1),
    Filter: expression.optional(),
    GroupBy: z
      .array(z.object({ Type: z.string(), Key: z.string() }))
      .max(2)
      .optional(),
    NextPageToken: z.string().optional(),
  }),
  (input, context) => {
    if (input.Granularity !== 'DAILY')
      throw invalid(`Granularity ${input.Granularity} is not supported by the tcu-bot emulator (DAILY is).`);
    const unknownMetric = input.Metrics.find((metric) => !COST_METRICS.includes(metric));
    if (unknownMetric)
      throw invalid(
        `Metric ${unknownMetric} is not supported by the tcu-bot emulator (${COST_METRICS.join(', ')} are).`,
      );
    const groupBy = input.GroupBy ?? [];
    if (groupBy.some((group) => group.Type !== 'DIMENSION' || group.Key !== 'USAGE_TYPE'))
      throw invalid('The tcu-bot emulator groups by DIMENSION USAGE_TYPE only.');
    const start = Date.parse(`${input.TimePeriod.Start}T00:00:00Z`);
    const end = Date.parse(`${input.TimePeriod.End}T00:00:00Z`);
    if (!(start < end)) throw invalid('Start date (and hour) should be before end date (and hour)');
    const offset = input.NextPageToken ? Number(input.NextPageToken) : 0;
    const includeService = keepsService(input.Filter);
    const results = [];
    let dayStart = start + offset * DAY_MS;
    for (let count = 0; dayStart < end && count < PAGE_DAYS; count += 1, dayStart += DAY_MS) {
      const costs = includeService ? estimateDay(dayStart, context) : {};
      const amount = (value: number) =>
        Object.fromEntries(input.Metrics.map((metric) => [metric, { Amount: value.toFixed(10), Unit: 'USD' }]));
      results.push({
        TimePeriod: {
          Start: new Date(dayStart).toISOString().slice(0, 10),
          End: new Date(dayStart + DAY_MS).toISOString().slice(0, 10),
        },
        Total: groupBy.length > 0 ? {} : amount(Object.values(costs).reduce((sum, value) => sum + value, 0)),
        Groups:
          groupBy.length > 0
            ? Object.entries(costs).map(([usageType, value]) => ({ Keys: [usageType], Metrics: amount(value) }))
            : [],
        Estimated: true,
      });
    }
    const nextOffset = offset + results.length;
    return {
      GroupDefinitions: groupBy,
      ResultsByTime: results,
      DimensionValueAttributes: [],
      ...(start + nextOffset * DAY_MS < end ? { NextPageToken: String(nextOffset) } : {}),
    };
  },
);

export const getDimensionValues = defineOperation(
  'GetDimensionValues',
  z.object({
    TimePeriod: timePeriod,
    Dimension: z.string(),
    SearchString: z.string().optional(),
    Context: z.string().optional(),
    NextPageToken: z.string().optional(),
    MaxResults: z.number().optional(),
  }),
  (input, context) => {
    const prefix = usageTypePrefix(context.region);
    const values =
      input.Dimension === 'SERVICE'
        ? [EMULATED_SERVICE]
        : input.Dimension === 'USAGE_TYPE'
          ? [`${prefix}-QueryTCU-Hours`, `${prefix}-WriteRequests-1KB`, `${prefix}-MemoryStore-GB-Hours`]
          : undefined;
    if (!values)
      throw invalid(
        `Dimension ${input.Dimension} is not supported by the tcu-bot emulator (SERVICE and USAGE_TYPE are).`,
      );
    const matching = values.filter(
      (value) => !input.SearchString || value.toLowerCase().includes(input.SearchString.toLowerCase()),
    );
    return {
      DimensionValues: matching.map((Value) => ({ Value, Attributes: {} })),
      ReturnSize: matching.length,
      TotalSize: matching.length,
    };
  },
);

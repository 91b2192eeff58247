import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, GetCostAndUsageCommand, GetDimensionValuesCommand } from '@aws-sdk/client-cost-explorer';
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS } from '../../src/timestream/clients.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();
let cloudwatch: CloudWatchClient;
let costExplorer: CostExplorerClient;
const queryTcu = (
  stat: string,
  dimensions = [
    ['Service', 'Timestream'],
    ['Resource', 'QueryTCU'],
    ['Type', 'Resource'],
    ['Class', 'OnDemand'],
  ],
) => ({
  Id: stat.toLowerCase(),
  MetricStat: {
    Metric: {
      Namespace: 'AWS/Usage',
      MetricName: 'ResourceCount',
      Dimensions: dimensions.map(([Name, Value]) => ({ Name, Value })),
    },
    Period: 60,
    Stat: stat,
  },
});

beforeAll(async () => {
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: fixture.emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  costExplorer = new CostExplorerClient({
    region: 'us-east-1',
    endpoint: fixture.emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT 1' }));
});

describe('the emulator as CloudWatch', () => {
  it('answers QueryTCU Maximum/Minimum newest first by default, and other metrics with no datapoints', async () => {
    const now = Date.now();
    const result = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 600_000),
        EndTime: new Date(now + 60_000),
        MetricDataQueries: [
          queryTcu('Maximum'),
          queryTcu('Minimum'),
          { ...queryTcu('Maximum', [['Service', 'DynamoDB']]), Id: 'other' },
        ],
      }),
    );
    const [max, min, other] = result.MetricDataResults ?? [];
    expect(max?.Values?.[0]).toBe(4);
    expect(min?.Values?.[0]).toBe(0);
    expect(max?.Timestamps?.[0]?.getTime()).toBe(Math.floor(now / 60_000) * 60_000);
    expect(other).toMatchObject({ Id: 'other', StatusCode: 'Complete', Values: [], Timestamps: [] });
  });

  it('refuses metric math by name', async () => {
    await expect(
      cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(Date.now() - 60_000),
          EndTime: new Date(),
          MetricDataQueries: [{ Id: 'e1', Expression: 'SUM(METRICS())' }],
        }),
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('Metric math') });
  });
});

describe('the emulator as Cost Explorer', () => {
  it('estimates today by usage type, marked Estimated, and nothing for another service', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const ask = (service: string) =>
      costExplorer.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: today, End: tomorrow },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
          Filter: { Dimensions: { Key: 'SERVICE', Values: [service] } },
          GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
        }),
      );
    const ours = await ask('Amazon Timestream');
    expect(ours.ResultsByTime?.[0]).toMatchObject({ TimePeriod: { Start: today, End: tomorrow }, Estimated: true });
    const tcu = ours.ResultsByTime?.[0]?.Groups?.find((group) => group.Keys?.[0] === 'USE1-QueryTCU-Hours');
    // One query: one 4-TCU block, held (and billed) for its 30-second minimum at $0.518 per TCU-hour;
    // today's estimate has what accrued so far.
    const amount = Number(tcu?.Metrics?.UnblendedCost?.Amount);
    expect(amount).toBeGreaterThan(0);
    expect(amount).toBeLessThanOrEqual((4 * 30 * 0.518) / 3600);
    expect((await ask('Amazon DynamoDB')).ResultsByTime?.[0]?.Groups).toEqual([]);
  });

  it('validates like Cost Explorer: End is exclusive and must follow Start', async () => {
    await expect(
      costExplorer.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2025-06-01', End: '2025-06-01' },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Start date') });
    await expect(
      costExplorer.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2025-06-01', End: '2025-06-02' },
          Granularity: 'MONTHLY',
          Metrics: ['UnblendedCost'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Granularity MONTHLY') });
  });

  it('lists its SERVICE value', async () => {
    const values = await costExplorer.send(
      new GetDimensionValuesCommand({
        TimePeriod: { Start: '2025-06-01', End: '2025-06-02' },
        Dimension: 'SERVICE',
        SearchString: 'Timestream',
      }),
    );
    expect(values.DimensionValues?.map((value) => value.Value)).toEqual(['Amazon Timestream']);
  });
});

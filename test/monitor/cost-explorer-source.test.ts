import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CostExplorerSource } from '../../src/monitor/cost-explorer-source.ts';
import { mswServer } from '../support/msw.ts';

const client = () =>
  new CostExplorerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
const money = (amount: string) => ({ UnblendedCost: { Amount: amount, Unit: 'USD' } });

describe('CostExplorerSource', () => {
  it('sends GetCostAndUsage (AWS JSON 1.1, us-east-1) and merges a day split across pages', async () => {
    const bodies: Record<string, unknown>[] = [];
    mswServer.use(
      http.post('https://ce.us-east-1.amazonaws.com/', async ({ request }) => {
        expect(request.headers.get('x-amz-target')).toBe('AWSInsightsIndexService.GetCostAndUsage');
        expect(request.headers.get('content-type')).toBe('application/x-amz-json-1.1');
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        const pages: Record<string, unknown>[] = [
          {
            GroupDefinitions: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
            ResultsByTime: [
              {
                TimePeriod: { Start: '2025-05-29', End: '2025-05-30' },
                Total: {},
                Groups: [{ Keys: ['USE1-QueryTCU-Hours'], Metrics: money('10.0') }],
                Estimated: false,
              },
              {
                TimePeriod: { Start: '2025-05-30', End: '2025-05-31' },
                Total: {},
                Groups: [{ Keys: ['USE1-QueryTCU-Hours'], Metrics: money('11.5') }],
                Estimated: true,
              },
            ],
            NextPageToken: 'next',
          },
          {
            ResultsByTime: [
              {
                TimePeriod: { Start: '2025-05-30', End: '2025-05-31' },
                Total: {},
                Groups: [{ Keys: ['USE1-MemoryStore-GB-Hours'], Metrics: money('0.5') }],
                Estimated: true,
              },
              { TimePeriod: { Start: '2025-05-31', End: '2025-06-01' }, Total: {}, Groups: [], Estimated: true },
            ],
          },
        ];
        return HttpResponse.json(pages[body.NextPageToken ? 1 : 0], {
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        });
      }),
    );
    const days = await new CostExplorerSource(client(), {
      service: 'Amazon Timestream',
      metric: 'UnblendedCost',
    }).dailyCosts('2025-05-29', '2025-06-01');
    expect(days).toEqual([
      {
        day: '2025-05-29',
        total: 10,
        unit: 'USD',
        byUsageType: { 'USE1-QueryTCU-Hours': 10 },
        isEstimated: false,
        hasData: true,
      },
      {
        day: '2025-05-30',
        total: 12,
        unit: 'USD',
        byUsageType: { 'USE1-QueryTCU-Hours': 11.5, 'USE1-MemoryStore-GB-Hours': 0.5 },
        isEstimated: true,
        hasData: true,
      },
      { day: '2025-05-31', total: 0, unit: 'USD', byUsageType: {}, isEstimated: true, hasData: false },
    ]);
    expect(bodies[0]).toEqual({
      TimePeriod: { Start: '2025-05-29', End: '2025-06-01' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      Filter: {
        And: [
          { Dimensions: { Key: 'SERVICE', Values: ['Amazon Timestream'], MatchOptions: ['EQUALS'] } },
          { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } },
        ],
      },
      GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
    });
    expect(bodies[1]).toMatchObject({ NextPageToken: 'next' });
  });

  it('lists SERVICE values containing Timestream with GetDimensionValues', async () => {
    mswServer.use(
      http.post('https://ce.us-east-1.amazonaws.com/', async ({ request }) => {
        expect(request.headers.get('x-amz-target')).toBe('AWSInsightsIndexService.GetDimensionValues');
        expect(await request.json()).toMatchObject({ Dimension: 'SERVICE', SearchString: 'Timestream' });
        return HttpResponse.json(
          {
            DimensionValues: [
              { Value: 'Amazon Timestream', Attributes: {} },
              { Value: 'Amazon Timestream for InfluxDB', Attributes: {} },
            ],
            ReturnSize: 2,
            TotalSize: 2,
          },
          { headers: { 'content-type': 'application/x-amz-json-1.1' } },
        );
      }),
    );
    expect(
      await new CostExplorerSource(client(), { service: 'x', metric: 'UnblendedCost' }).serviceNames(
        'Timestream',
        '2025-03-01',
        '2025-06-01',
      ),
    ).toEqual(['Amazon Timestream', 'Amazon Timestream for InfluxDB']);
  });
});

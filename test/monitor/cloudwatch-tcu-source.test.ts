import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CloudWatchTcuSource, QUERY_TCU_METRIC } from '../../src/monitor/cloudwatch-tcu-source.ts';
import { mswServer } from '../support/msw.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const T0 = Date.UTC(2025, 4, 28, 10, 0, 0);

/** ListMetrics as CloudWatch answers it: the listed series (none before the account's first query). */
function listMetricsAnswer(classValue: string | undefined) {
  return HttpResponse.json({
    Metrics:
      classValue === undefined
        ? []
        : [
            {
              Namespace: 'AWS/Usage',
              MetricName: 'ResourceCount',
              Dimensions: [
                { Name: 'Type', Value: 'Resource' },
                { Name: 'Resource', Value: 'QueryTCU' },
                { Name: 'Service', Value: 'Timestream' },
                { Name: 'Class', Value: classValue },
              ],
            },
          ],
  });
}

function source() {
  const cloudwatch = new CloudWatchClient({ region: 'ap-northeast-1', credentials, maxAttempts: 1 });
  const timestream = new TimestreamQueryClient({
    region: 'ap-northeast-1',
    credentials,
    maxAttempts: 1,
    endpoint: 'https://query.timestream.ap-northeast-1.amazonaws.com',
  });
  return new CloudWatchTcuSource(cloudwatch, timestream);
}

describe('CloudWatchTcuSource', () => {
  it('asks GetMetricData (AWS JSON 1.0) for Maximum and Minimum of AWS/Usage ResourceCount QueryTCU and follows NextToken', async () => {
    const requests: Record<string, unknown>[] = [];
    mswServer.use(
      http.post('https://monitoring.ap-northeast-1.amazonaws.com/', async ({ request }) => {
        if (request.headers.get('x-amz-target') === 'GraniteServiceVersion20100801.ListMetrics')
          return listMetricsAnswer(undefined);
        expect(request.headers.get('x-amz-target')).toBe('GraniteServiceVersion20100801.GetMetricData');
        expect(request.headers.get('content-type')).toBe('application/x-amz-json-1.0');
        const body = (await request.json()) as Record<string, unknown>;
        requests.push(body);
        const seconds = (offset: number) => (T0 + offset * 60_000) / 1000;
        if (!body.NextToken) {
          return HttpResponse.json({
            MetricDataResults: [
              {
                Id: 'tcumax',
                Label: 'ResourceCount',
                StatusCode: 'PartialData',
                Timestamps: [seconds(0), seconds(2)],
                Values: [8, 12],
              },
              {
                Id: 'tcumin',
                Label: 'ResourceCount',
                StatusCode: 'PartialData',
                Timestamps: [seconds(0), seconds(2)],
                Values: [4, 8],
              },
            ],
            NextToken: 'page-2',
            Messages: [],
          });
        }
        return HttpResponse.json({
          MetricDataResults: [
            { Id: 'tcumax', StatusCode: 'Complete', Timestamps: [seconds(5)], Values: [4] },
            { Id: 'tcumin', StatusCode: 'Complete', Timestamps: [seconds(5)], Values: [0] },
          ],
          Messages: [],
        });
      }),
    );
    const minutes = await source().minuteTcu(T0, T0 + 10 * 60_000);
    expect(minutes).toEqual([
      { minuteStartMs: T0, min: 4, max: 8 },
      { minuteStartMs: T0 + 120_000, min: 8, max: 12 },
      { minuteStartMs: T0 + 300_000, min: 0, max: 4 },
    ]);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      StartTime: T0 / 1000,
      EndTime: (T0 + 600_000) / 1000,
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        {
          Id: 'tcumax',
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Usage',
              MetricName: 'ResourceCount',
              Dimensions: Object.entries(QUERY_TCU_METRIC.dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
        { Id: 'tcumin', MetricStat: { Stat: 'Minimum' } },
      ],
    });
    expect(requests[1]).toMatchObject({ NextToken: 'page-2' });
  });

  it.each([
    ['None', 'the class an account publishes, not the documented one'],
    ['OnDemand', 'the documented class'],
  ])('finds the series with ListMetrics first: Class=%s (%s)', async (classValue) => {
    const asked: { target: string | null; body: Record<string, unknown> }[] = [];
    mswServer.use(
      http.post('https://monitoring.ap-northeast-1.amazonaws.com/', async ({ request }) => {
        const target = request.headers.get('x-amz-target');
        const body = (await request.json()) as Record<string, unknown>;
        asked.push({ target, body });
        if (target === 'GraniteServiceVersion20100801.ListMetrics') return listMetricsAnswer(classValue);
        return HttpResponse.json({ MetricDataResults: [], Messages: [] });
      }),
    );
    const tcu = source();
    await tcu.minuteTcu(T0, T0 + 60_000);
    await tcu.minuteTcu(T0, T0 + 60_000);
    const listed = asked.filter((each) => each.target?.endsWith('ListMetrics'));
    expect(listed).toHaveLength(1);
    expect(listed[0]!.body).toEqual({
      Namespace: 'AWS/Usage',
      MetricName: 'ResourceCount',
      Dimensions: [
        { Name: 'Service', Value: 'Timestream' },
        { Name: 'Resource', Value: 'QueryTCU' },
        { Name: 'Type', Value: 'Resource' },
      ],
    });
    const dimensions = (
      asked.at(-1)!.body.MetricDataQueries as { MetricStat: { Metric: { Dimensions: unknown[] } } }[]
    )[0]!.MetricStat.Metric.Dimensions;
    expect(dimensions).toContainEqual({ Name: 'Class', Value: classValue });
  });

  it('reads MaxQueryTCU and the pricing model from DescribeAccountSettings', async () => {
    mswServer.use(
      http.post('https://query.timestream.ap-northeast-1.amazonaws.com/', ({ request }) => {
        expect(request.headers.get('x-amz-target')).toBe('Timestream_20181101.DescribeAccountSettings');
        return HttpResponse.json(
          { MaxQueryTCU: 128, QueryPricingModel: 'COMPUTE_UNITS', QueryCompute: { ComputeMode: 'ON_DEMAND' } },
          { headers: { 'content-type': 'application/x-amz-json-1.0' } },
        );
      }),
    );
    expect(await source().accountSettings()).toEqual({ maxQueryTcu: 128, pricingModel: 'COMPUTE_UNITS' });
  });
});

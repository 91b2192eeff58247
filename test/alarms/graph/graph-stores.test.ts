/**
 * Graphs on AWS, against CloudWatch's and S3's wire formats (msw): the widget sent to
 * GetMetricWidgetImage is the alarm's, the PNG is put in the graphs bucket, and the message links a
 * presigned URL of the documented lifetime. A graph that does not come in time, or fails, never holds
 * the message: it goes without it, saying why.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCloudWatchAlarm } from '../../../src/alarms/cloudwatch-alarm.ts';
import { graphFor, GRAPH_TIMEOUT_MS, type GraphStore } from '../../../src/alarms/graph/alarm-graphs.ts';
import { GRAPH_URL_SECONDS, s3GraphStore } from '../../../src/alarms/graph/s3-graph-store.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { anAlarm } from '../../support/builders.ts';
import { mswServer } from '../../support/msw.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const TODAY = new Date().toISOString().slice(0, 10);
const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const parsed = parseCloudWatchAlarm(
  anAlarm()
    .at(new Date(Date.now() - 60_000).toISOString())
    .withThreshold(160)
    .json(),
);
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const alarm = parsed.alarm;

let widgetsAsked: { region: string; target: string; widget: Record<string, unknown> }[];
let putObjects: { url: string; contentType: string | null; bytes: number }[];

beforeEach(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  widgetsAsked = [];
  putObjects = [];
  mswServer.use(
    http.post(/^https:\/\/monitoring\.([a-z0-9-]+)\.amazonaws\.com\/?$/, async ({ request }) => {
      const body = (await request.json()) as { MetricWidget: string; OutputFormat: string };
      widgetsAsked.push({
        region: new URL(request.url).hostname.split('.')[1]!,
        target: request.headers.get('x-amz-target') ?? '',
        widget: JSON.parse(body.MetricWidget) as Record<string, unknown>,
      });
      return HttpResponse.json(
        { MetricWidgetImage: PNG_BYTES.toString('base64') },
        { headers: { 'content-type': 'application/x-amz-json-1.0' } },
      );
    }),
    http.put(/^https:\/\/tcu-bot-graphs\.s3\.us-east-1\.amazonaws\.com\/.+/, async ({ request }) => {
      putObjects.push({
        url: request.url,
        contentType: request.headers.get('content-type'),
        bytes: (await request.arrayBuffer()).byteLength,
      });
      return new HttpResponse(null, { status: 200, headers: { ETag: '"abc"' } });
    }),
  );
});
afterEach(() => vi.unstubAllEnvs());

describe('graphs on AWS', () => {
  it('asks CloudWatch in the alarm’s region for the alarm’s widget, keeps the PNG in S3 and links a presigned URL', async () => {
    const store = s3GraphStore({ bucket: 'tcu-bot-graphs', region: 'us-east-1' });
    const graph = await graphFor(alarm, {
      store,
      clock: systemClock,
      logger: silentLogger,
      key: 'abc',
    });
    expect(widgetsAsked).toHaveLength(1);
    expect(widgetsAsked[0]!.region).toBe('ap-northeast-1');
    expect(widgetsAsked[0]!.target).toBe('GraniteServiceVersion20100801.GetMetricWidgetImage');
    expect(widgetsAsked[0]!.widget).toMatchObject({
      title: 'TimestreamQueryTCUHigh',
      metrics: [
        [
          'AWS/Usage',
          'ResourceCount',
          'Service',
          'Timestream',
          'Resource',
          'QueryTCU',
          'Type',
          'Resource',
          'Class',
          'OnDemand',
          { id: 'm1', stat: 'Maximum', period: 60 },
        ],
      ],
      annotations: { horizontal: [{ value: 160 }] },
    });
    expect(putObjects).toEqual([
      {
        url: `https://tcu-bot-graphs.s3.us-east-1.amazonaws.com/graphs/${TODAY}/abc.png?x-id=PutObject`,
        contentType: 'image/png',
        bytes: PNG_BYTES.length,
      },
    ]);
    expect(graph).toHaveProperty('url');
    const url = new URL((graph as { url: string }).url);
    expect(url.origin + url.pathname).toBe(`https://tcu-bot-graphs.s3.us-east-1.amazonaws.com/graphs/${TODAY}/abc.png`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(GRAPH_URL_SECONDS));
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a graph that fails says so and holds nothing up', async () => {
    mswServer.use(
      http.post(/^https:\/\/monitoring\./, () =>
        HttpResponse.json(
          { __type: 'InvalidParameterInput', message: 'bad widget' },
          {
            status: 400,
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              'x-amzn-query-error': 'InvalidParameterInput;Sender',
            },
          },
        ),
      ),
    );
    const store = s3GraphStore({ bucket: 'tcu-bot-graphs', region: 'us-east-1' });
    const graph = await graphFor(alarm, { store, clock: systemClock, logger: silentLogger, key: 'k' });
    expect(graph).toEqual({ unavailable: expect.stringMatching(/\w/) as string });
    expect(putObjects).toEqual([]);
  });

  it('a graph that does not come within the limit is given up (virtual time)', async () => {
    const clock = new VirtualClock();
    const never: GraphStore = {
      render: (_widget, _region, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
      keep: () => Promise.resolve('unused'),
    };
    const started = clock.now();
    const graph = await clock.run(graphFor(alarm, { store: never, clock, logger: silentLogger, key: 'k' }));
    expect(graph).toEqual({ unavailable: `not drawn within ${GRAPH_TIMEOUT_MS / 1000} s` });
    expect(clock.now() - started).toBe(GRAPH_TIMEOUT_MS);
  });

  it('a composite alarm has no graph to draw', async () => {
    const composite = parseCloudWatchAlarm({
      AlarmName: 'c',
      NewStateValue: 'ALARM',
      StateChangeTime: new Date().toISOString(),
      AlarmRule: 'ALARM("a")',
    });
    if (!composite.ok) throw new Error('composite');
    const store = s3GraphStore({ bucket: 'tcu-bot-graphs', region: 'us-east-1' });
    expect(
      await graphFor(composite.alarm, { store, clock: systemClock, logger: silentLogger, key: 'k' }),
    ).toBeUndefined();
    expect(widgetsAsked).toEqual([]);
  });
});

import type { Context, ScheduledEvent } from 'aws-lambda';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK, dingTalkRobot, dingTalkText } from '../support/chat-servers.ts';
import { mswServer } from '../support/msw.ts';

const context = { getRemainingTimeInMillis: () => 60_000 } as Context;
const event = { source: 'aws.events', 'detail-type': 'Scheduled Event' } as unknown as ScheduledEvent;
let handler: (event: ScheduledEvent, context: Context) => Promise<{ verdict: string; posted: boolean }>;

beforeAll(async () => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'tcu-bot-cost-check');
  vi.stubEnv('AWS_REGION', 'ap-northeast-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('DINGTALK_WEBHOOK_URL', DINGTALK_WEBHOOK);
  vi.stubEnv('DINGTALK_SECRET', DINGTALK_SECRET);
  vi.stubEnv('LOG_LEVEL', 'silent');
  ({ handler } = await import('../../handlers/cost-check.ts'));
});
// The SDK reads credentials from the environment on its first call, so the stubs stay until the end.
afterAll(() => vi.unstubAllEnvs());

/** Cost Explorer answering, for whatever window is asked, D-2 and D-1 costs by usage type. */
function costExplorer(d2: Record<string, number>, d1: Record<string, number>) {
  return http.post('https://ce.us-east-1.amazonaws.com/', async ({ request }) => {
    const body = (await request.json()) as { TimePeriod: { Start: string; End: string } };
    const end = Date.parse(`${body.TimePeriod.End}T00:00:00Z`);
    const day = (offset: number) => new Date(end - offset * 86_400_000).toISOString().slice(0, 10);
    const result = (offset: number, costs: Record<string, number>) => ({
      TimePeriod: { Start: day(offset), End: day(offset - 1) },
      Total: {},
      Groups: Object.entries(costs).map(([usageType, amount]) => ({
        Keys: [usageType],
        Metrics: { UnblendedCost: { Amount: String(amount), Unit: 'USD' } },
      })),
      Estimated: true,
    });
    return HttpResponse.json(
      {
        GroupDefinitions: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
        ResultsByTime: [result(3, d2), result(2, d2), result(1, d1)],
      },
      { headers: { 'content-type': 'application/x-amz-json-1.1' } },
    );
  });
}

describe('handlers/cost-check', () => {
  it('posts nothing below the threshold', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(costExplorer({ 'APN1-QueryTCU-Hours': 100 }, { 'APN1-QueryTCU-Hours': 105 }), dingtalk.handler);
    expect(await handler(event, context)).toEqual({ verdict: 'ok', posted: false });
    expect(dingtalk.received).toHaveLength(0);
  });

  it('posts the alert once per day, even when the handler is retried', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(
      costExplorer(
        { 'APN1-QueryTCU-Hours': 100, 'APN1-MemoryStore-GB-Hours': 5 },
        { 'APN1-QueryTCU-Hours': 140, 'APN1-MemoryStore-GB-Hours': 5 },
      ),
      dingtalk.handler,
    );
    expect(await handler(event, context)).toEqual({ verdict: 'alert', posted: true });
    expect(await handler(event, context)).toEqual({ verdict: 'alert', posted: true });
    expect(dingtalk.received).toHaveLength(1);
    const text = dingTalkText(dingtalk.received[0]!.body);
    expect(text).toContain('Timestream 成本日环比上涨');
    expect(text).toContain('$105.00 → ');
    expect(text).toContain('$145.00 (+38.1%)');
    expect(text).toContain('APN1-QueryTCU-Hours: $100.00 → $140.00 (+$40.00)');
    expect(text).toContain('暂估');
  });
});

import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK, dingTalkRobot, dingTalkText } from '../support/chat-servers.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { mswServer } from '../support/msw.ts';

const context = { getRemainingTimeInMillis: () => 60_000 } as Context;
let handler: (event: SNSEvent, context: Context) => Promise<{ delivered: number }>;

beforeAll(async () => {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'tcu-bot-alarm');
  vi.stubEnv('DINGTALK_WEBHOOK_URL', DINGTALK_WEBHOOK);
  vi.stubEnv('DINGTALK_SECRET', DINGTALK_SECRET);
  vi.stubEnv('LOG_LEVEL', 'silent');
  ({ handler } = await import('../../handlers/alarm.ts'));
});
// The configuration is read on the first invocation (after the secrets, which may come from SSM).
afterAll(() => vi.unstubAllEnvs());
afterEach(() => mswServer.resetHandlers());

describe('handlers/alarm', () => {
  it('forwards an SNS alarm event to DingTalk', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    expect(await handler(readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json'), context)).toEqual({ delivered: 1 });
    expect(dingTalkText(dingtalk.received[0]!.body)).toContain('AWS/Usage ResourceCount');
  });

  it('delivers the good records of a batch and fails naming the bad one', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    const event = readJsonFixture<SNSEvent>('sns/lambda-event-mixed.json');
    // A record without MessageId is still delivered (hand-made events); one whose Message is no text is not.
    (event.Records[2]!.Sns as unknown as { Message: unknown }).Message = 42;
    await expect(handler(event, context)).rejects.toThrow(
      /1 of 3 SNS record\(s\) not forwarded: Records\[2\]: .*Records\[2\]\.Sns\.Message/,
    );
    const texts = dingtalk.received.map((request) => dingTalkText(request.body));
    expect(texts).toHaveLength(2);
    expect(texts.some((text) => text.includes('QueryTCUUtilisation'))).toBe(true);
    expect(texts.some((text) => text.includes('Deploy finished: tcu-bot v0.1.0'))).toBe(true);
  });

  it('throws when delivery finally fails, so Lambda retries and the DLQ keeps it', async () => {
    const dingtalk = dingTalkRobot([{ errcode: 300001, errmsg: 'token is not exist' }]);
    mswServer.use(dingtalk.handler);
    const event = readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json');
    // Another state change (the first test delivered this one already).
    const record = event.Records[0]!;
    record.Sns.MessageId = 'fresh-id-for-this-test';
    record.Sns.Message = JSON.stringify({
      ...(JSON.parse(record.Sns.Message) as object),
      StateChangeTime: '2025-05-28T11:00:00.000+0000',
    });
    await expect(handler(event, context)).rejects.toThrow(/token or session does not exist/);
  });
});

/**
 * handlers/alarm with STATE_TABLE: two Lambda containers (two module instances) share the dedupe
 * record and the alarm's start through DynamoDB (msw, JSON 1.0 wire format), so a redelivery that
 * lands on the other container posts nothing and the recovery it handles says how long the alarm lasted.
 */
import type { Context, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK, dingTalkRobot, dingTalkText } from '../support/chat-servers.ts';
import { dynamoDbFake } from '../support/dynamodb-fake.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { mswServer } from '../support/msw.ts';

type Handler = (event: SNSEvent, context: Context) => Promise<{ delivered: number }>;
const context = { getRemainingTimeInMillis: () => 60_000 } as Context;
let containerA: Handler;
let containerB: Handler;

beforeAll(async () => {
  const env = {
    AWS_LAMBDA_FUNCTION_NAME: 'tcu-bot-alarm',
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    STATE_TABLE: 'tcu-bot-state',
    DINGTALK_WEBHOOK_URL: DINGTALK_WEBHOOK,
    DINGTALK_SECRET,
    LOG_LEVEL: 'silent',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  ({ handler: containerA } = await import('../../handlers/alarm.ts'));
  vi.resetModules();
  ({ handler: containerB } = await import('../../handlers/alarm.ts'));
});
// The SDK reads credentials from the environment on its first call, so the stubs stay until the end.
afterAll(() => vi.unstubAllEnvs());

/** The fixture's alarm event, moved to `state` at `time`, as SNS message `messageId`. */
function alarmEvent(messageId: string, state: 'ALARM' | 'OK', time: string): SNSEvent {
  const event = readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json');
  const record = event.Records[0]!;
  const alarm = JSON.parse(record.Sns.Message) as Record<string, unknown>;
  record.Sns.MessageId = messageId;
  record.Sns.Message = JSON.stringify({
    ...alarm,
    NewStateValue: state,
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    StateChangeTime: time,
  });
  return event;
}

describe('handlers/alarm with the state table', () => {
  it('dedupes across containers and gives the recovery its duration', async () => {
    const dynamo = dynamoDbFake();
    const dingtalk = dingTalkRobot();
    mswServer.use(dynamo.handler, dingtalk.handler);
    await containerA(alarmEvent('msg-alarm', 'ALARM', '2025-05-28T09:00:00.000+0000'), context);
    await containerB(alarmEvent('msg-alarm', 'ALARM', '2025-05-28T09:00:00.000+0000'), context);
    expect(dingtalk.received).toHaveLength(1);
    await containerB(alarmEvent('msg-ok', 'OK', '2025-05-28T10:05:00.000+0000'), context);
    expect(dingtalk.received).toHaveLength(2);
    expect(dingTalkText(dingtalk.received[1]!.body)).toContain('1 h 5 min');
  });
});

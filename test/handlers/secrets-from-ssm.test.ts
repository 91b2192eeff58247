/**
 * On Lambda the secrets come from SSM Parameter Store (SECRETS_PARAMETER_PATH), not the environment:
 * the alarm handler finds its DingTalk robot and 加签 secret there and signs with it. A failed read
 * fails that invocation only; the next one reads again.
 */
import { createHmac } from 'node:crypto';
import type { Context, SNSEvent } from 'aws-lambda';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DINGTALK_WEBHOOK, dingTalkRobot } from '../support/chat-servers.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { mswServer } from '../support/msw.ts';
import { ssmFake } from '../support/ssm-fake.ts';

const SECRET = 'SECfrom-parameter-store';
const context = { getRemainingTimeInMillis: () => 60_000 } as Context;
let handler: (event: SNSEvent, context: Context) => Promise<{ delivered: number }>;

beforeAll(async () => {
  const env = {
    AWS_LAMBDA_FUNCTION_NAME: 'tcu-bot-alarm',
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    SECRETS_PARAMETER_PATH: '/tcu-bot/test',
    LOG_LEVEL: 'silent',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  ({ handler } = await import('../../handlers/alarm.ts'));
});
afterAll(() => vi.unstubAllEnvs());
afterEach(() => mswServer.resetHandlers());

describe('secrets from SSM Parameter Store', () => {
  it('fails the invocation while SSM fails, then reads the secrets and signs with them', async () => {
    const dingtalk = dingTalkRobot();
    const ssmDown = http.post('https://ssm.ap-northeast-1.amazonaws.com/', () =>
      HttpResponse.json(
        { __type: 'InternalServerError', message: 'try later' },
        { status: 500, headers: { 'content-type': 'application/x-amz-json-1.1' } },
      ),
    );
    mswServer.use(ssmDown, dingtalk.handler);
    await expect(handler(readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json'), context)).rejects.toThrow();
    expect(dingtalk.received).toHaveLength(0);

    mswServer.resetHandlers();
    const ssm = ssmFake({
      '/tcu-bot/test/DINGTALK_WEBHOOK_URL': DINGTALK_WEBHOOK,
      '/tcu-bot/test/DINGTALK_SECRET': SECRET,
    });
    mswServer.use(ssm.handler, dingtalk.handler);
    expect(await handler(readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json'), context)).toEqual({ delivered: 1 });
    const url = dingtalk.received[0]!.url;
    const timestamp = url.searchParams.get('timestamp')!;
    expect(url.searchParams.get('sign')).toBe(
      createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64'),
    );

    // Read once per container: the next invocation does not ask SSM again.
    const asked = ssm.requests.length;
    const next = readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json');
    next.Records[0]!.Sns.MessageId = 'another-message';
    await handler(next, context);
    expect(ssm.requests.length).toBe(asked);
  });
});

/**
 * The AWS command path end to end: a signed Slack /setup reaches the Lambda wiring, which claims the
 * job in DynamoDB and publishes it to the jobs topic (both msw, on their real wire formats); the
 * worker handler then receives that very message as an SNS event, runs the job against the emulator
 * and posts the report to response_url. A redelivery runs nothing.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, SNSEvent } from 'aws-lambda';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { awsDeps } from '../../src/deps.ts';
import { dynamoDbFake } from '../support/dynamodb-fake.ts';
import { useEmulator } from '../support/emulator.ts';
import { mswServer } from '../support/msw.ts';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1234567890/workerWORKER';
const JOBS_TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:tcu-bot-jobs';
const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-worker-'));
const dynamo = dynamoDbFake();
const published: string[] = [];
const posted: { response_type?: string; text: string }[] = [];
let app: ReturnType<typeof createApp>;
let handler: (event: SNSEvent, context: Context) => Promise<{ jobs: number }>;
/** Lambda's remaining time; the worker keeps a minute of it to wrap up. */
const remaining = (ms: number) => ({ getRemainingTimeInMillis: () => ms }) as Context;
const PLENTY = remaining(15 * 60_000);

const snsPublish = http.post('https://sns.ap-northeast-1.amazonaws.com/', async ({ request }) => {
  const form = new URLSearchParams(await request.text());
  expect(form.get('TopicArn')).toBe(JOBS_TOPIC);
  published.push(form.get('Message') ?? '');
  return HttpResponse.xml(
    `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
  );
});
const responseUrl = http.post(RESPONSE_URL, async ({ request }) => {
  posted.push((await request.json()) as { response_type?: string; text: string });
  return new HttpResponse('ok');
});

beforeAll(async () => {
  const env = {
    AWS_LAMBDA_FUNCTION_NAME: 'tcu-bot-worker',
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    TIMESTREAM_ENDPOINT: fixture.emulator.endpoint,
    JOBS_TOPIC_ARN: JOBS_TOPIC,
    STATE_TABLE: 'tcu-bot-state',
    ALLOWED_CONVERSATIONS: 'slack:C0OPS',
    LAB_DATABASE: 'worker',
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  app = createApp(awsDeps(loadConfig()));
  ({ handler } = await import('../../handlers/worker.ts'));
});
// The SDK reads credentials from the environment on its first call, so the stubs stay until the end.
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(folder, { recursive: true, force: true });
});

function slashCommand(command: string, text: string, trigger: string) {
  const body = new URLSearchParams({
    team_id: 'T0001',
    channel_id: 'C0OPS',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0TCUBOT',
    response_url: RESPONSE_URL,
    trigger_id: trigger,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return app.request('/slack/events', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(timestamp),
    },
  });
}

function snsEvent(message: string): SNSEvent {
  const sns = {
    Type: 'Notification',
    MessageId: 'm',
    TopicArn: JOBS_TOPIC,
    Subject: null,
    Message: message,
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    Signature: 's',
    SigningCertUrl: 'u',
    UnsubscribeUrl: 'u',
    MessageAttributes: {},
  };
  return {
    Records: [
      { EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${JOBS_TOPIC}:sub`, Sns: sns as never },
    ],
  };
}

describe('handlers/worker with the Lambda command wiring', () => {
  it('queues /setup through DynamoDB and SNS, and the worker runs it once and reports to response_url', async () => {
    mswServer.use(dynamo.handler, snsPublish, responseUrl);
    const response = await slashCommand('/setup', '', 'trigger-setup');
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('Started');
    expect(published).toHaveLength(1);
    const message = JSON.parse(published[0]!) as { id: string; status: string };
    expect(message.status).toBe('queued');
    expect(posted).toHaveLength(0);

    expect(await handler(snsEvent(published[0]!), PLENTY)).toEqual({ jobs: 1 });
    const job = dynamo.tables.get('tcu-bot-state')?.get(`job#${message.id}`);
    expect(job?.status).toEqual({ S: 'succeeded' });
    expect(posted).toHaveLength(1);
    expect(posted[0]?.response_type).toBe('in_channel');
    expect(JSON.stringify(posted[0])).toContain('worker');
    // The outbox's dedupe record and rate lane are in the table too, shared by every invocation.
    const keys = [...(dynamo.tables.get('tcu-bot-state')?.keys() ?? [])];
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^delivered#slack:reply-/),
        expect.stringMatching(/^lane#slack:reply-/),
      ]),
    );

    // SNS delivers at least once: the same message again finds the job claimed and runs nothing.
    await handler(snsEvent(published[0]!), PLENTY);
    expect(posted).toHaveLength(1);
  });

  it('continues data generation that outlasts an invocation in a fresh one, from the checkpoint kept in the table', async () => {
    mswServer.use(dynamo.handler, snsPublish, responseUrl);
    published.length = 0;
    posted.length = 0;
    const response = await slashCommand('/datagen', 'start scale=0.1', 'trigger-datagen');
    expect(JSON.stringify(await response.json())).toContain('Started');
    // The first invocation has a second before its wrap-up minute: it stops and queues the rest.
    expect(await handler(snsEvent(published[0]!), remaining(61_000))).toEqual({ jobs: 1 });
    expect(published).toHaveLength(2);
    expect(JSON.parse(published[1]!)).toMatchObject({ status: 'queued', flags: ['resume'] });
    expect(JSON.stringify(posted.at(-1))).toContain('Data generation continues');
    expect(dynamo.tables.get('tcu-bot-state')?.has('checkpoint#worker')).toBe(true);
    // The next invocation may run in another container: /tmp is empty there.
    rmSync(join(folder, 'checkpoint.json'));
    await handler(snsEvent(published[1]!), PLENTY);
    expect(existsSync(join(folder, 'checkpoint.json'))).toBe(true);
    const report = JSON.stringify(posted.at(-1));
    expect(report).toContain('Data generation complete');
    expect(report).toContain('every table holds exactly the planned rows');
    const id = (JSON.parse(published[0]!) as { id: string }).id;
    expect(dynamo.tables.get('tcu-bot-state')?.get(`job#${id}`)?.status).toEqual({ S: 'succeeded' });
  });

  it('fails data generation, instead of queueing it forever, when an invocation has no time to write anything', async () => {
    mswServer.use(dynamo.handler, snsPublish, responseUrl);
    published.length = 0;
    posted.length = 0;
    const response = await slashCommand('/datagen', 'start scale=0.1', 'trigger-datagen-short');
    expect(JSON.stringify(await response.json())).toContain('Started');
    await handler(snsEvent(published[0]!), remaining(30_000));
    expect(published).toHaveLength(1);
    expect(JSON.stringify(posted.at(-1))).toContain('longer timeout');
  });

  it('refuses a message that is not a job, so Lambda retries and the DLQ keeps it', async () => {
    await expect(handler(snsEvent('{"id":"x","kind":"format-disk"}'), PLENTY)).rejects.toThrow(/not a job/);
    await expect(handler(snsEvent('hello'), PLENTY)).rejects.toThrow(/not JSON/);
  });
});

/**
 * The Lambda bundles themselves (deploy/build.mjs output, what osls zips), not the TypeScript sources:
 * esbuild's code splitting and CommonJS interop can break a bundle that the sources never show
 * (a dynamic import of a CommonJS package, a `require` of a built-in). Each function's bundle runs a
 * real flow with its secrets read from SSM: a signed Slack /setup through the http bundle (DynamoDB
 * and SNS on msw), the job run by the worker bundle against the emulator, an alarm through the alarm
 * bundle, the cost rule through the costCheck bundle.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-timestream-write';
import type { Context, SNSEvent, ScheduledEvent } from 'aws-lambda';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DINGTALK_SECRET, DINGTALK_WEBHOOK, dingTalkRobot, dingTalkText } from '../support/chat-servers.ts';
import { dynamoDbFake } from '../support/dynamodb-fake.ts';
import { useEmulator } from '../support/emulator.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { mswServer } from '../support/msw.ts';
import { ssmFake } from '../support/ssm-fake.ts';

const OUTDIR = '.data/test-bundles';
const SIGNING_SECRET = 'bundle-test-signing-secret';
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1234567890/bundleBUNDLE';
const JOBS_TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:tcu-bot-jobs';
const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-bundles-'));
const dynamo = dynamoDbFake();
const ssm = ssmFake({
  '/tcu-bot/bundles/SLACK_SIGNING_SECRET': SIGNING_SECRET,
  '/tcu-bot/bundles/DINGTALK_WEBHOOK_URL': DINGTALK_WEBHOOK,
  '/tcu-bot/bundles/DINGTALK_SECRET': DINGTALK_SECRET,
});
const published: string[] = [];
const posted: string[] = [];
const context = { getRemainingTimeInMillis: () => 15 * 60_000 } as Context;

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
let httpHandler: Handler<object, { statusCode: number; body: string }>;
let workerHandler: Handler<SNSEvent, { jobs: number }>;
let alarmHandler: Handler<SNSEvent, { delivered: number }>;
let costCheckHandler: Handler<ScheduledEvent, { verdict: string; posted: boolean }>;

const snsPublish = http.post('https://sns.ap-northeast-1.amazonaws.com/', async ({ request }) => {
  published.push(new URLSearchParams(await request.text()).get('Message') ?? '');
  return HttpResponse.xml(
    `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${published.length}</MessageId></PublishResult></PublishResponse>`,
  );
});
const responseUrl = http.post(RESPONSE_URL, async ({ request }) => {
  posted.push(await request.text());
  return new HttpResponse('ok');
});

beforeAll(async () => {
  execFileSync(process.execPath, ['deploy/build.mjs', `--outdir=${OUTDIR}`], { stdio: 'pipe' });
  const env = {
    AWS_LAMBDA_FUNCTION_NAME: 'tcu-bot-bundles',
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    LOG_LEVEL: 'silent',
    SECRETS_PARAMETER_PATH: '/tcu-bot/bundles',
    TIMESTREAM_ENDPOINT: fixture.emulator.endpoint,
    JOBS_TOPIC_ARN: JOBS_TOPIC,
    STATE_TABLE: 'tcu-bot-state',
    ALLOWED_CONVERSATIONS: 'slack:C0OPS',
    LAB_DATABASE: 'bundles',
    LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const load = async <T>(name: string) =>
    ((await import(resolve(OUTDIR, name, `${name}.mjs`))) as { handler: T }).handler;
  httpHandler = await load('http');
  workerHandler = await load('worker');
  alarmHandler = await load('alarm');
  costCheckHandler = await load('costCheck');
}, 60_000);
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(folder, { recursive: true, force: true });
});

/** The API Gateway HTTP API (payload 2.0) event of a signed slash command. */
function slashCommandEvent(command: string, text: string, trigger: string) {
  const body = new URLSearchParams({
    team_id: 'T0001',
    channel_id: 'C0OPS',
    user_id: 'U0ALICE',
    command,
    text,
    api_app_id: 'A0TCUBOT',
    response_url: RESPONSE_URL,
    trigger_id: trigger,
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      host: 'abc.execute-api.ap-northeast-1.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': timestamp,
    },
    requestContext: {
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'Slackbot',
      },
      domainName: 'abc.execute-api.ap-northeast-1.amazonaws.com',
      requestId: 'r',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

function snsEvent(topic: string, message: string, messageId: string): SNSEvent {
  const sns = {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topic,
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
    Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${topic}:sub`, Sns: sns as never }],
  };
}

describe('the Lambda bundles', () => {
  it('http queues a signed /setup (Bolt loaded from its chunk) and worker runs it against Timestream', async () => {
    mswServer.use(ssm.handler, dynamo.handler, snsPublish, responseUrl);
    const response = await httpHandler(slashCommandEvent('/setup', '', 'trigger-bundle-setup'), context);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Started');
    expect(published).toHaveLength(1);

    expect(await workerHandler(snsEvent(JOBS_TOPIC, published[0]!, 'job-1'), context)).toEqual({ jobs: 1 });
    const id = (JSON.parse(published[0]!) as { id: string }).id;
    expect(dynamo.tables.get('tcu-bot-state')?.get(`job#${id}`)?.status).toEqual({ S: 'succeeded' });
    expect(posted.at(-1)).toContain('bundles');
    // The worker really created the lab's tables in the emulator (through the bundled SDK and its query protocol).
    const tables = await fixture.clients.write.send(new ListTablesCommand({ DatabaseName: 'bundles' }));
    expect(tables.Tables?.map((table) => table.TableName).sort()).toEqual(['energy', 'legacy', 'metadata', 'power']);
  });

  it('alarm forwards an SNS alarm to DingTalk, signed with the secret from SSM', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(ssm.handler, dynamo.handler, dingtalk.handler);
    expect(await alarmHandler(readJsonFixture<SNSEvent>('sns/lambda-event-alarm.json'), context)).toEqual({
      delivered: 1,
    });
    expect(dingtalk.received[0]!.url.searchParams.get('sign')).toBeTruthy();
    expect(dingTalkText(dingtalk.received[0]!.body)).toContain('AWS/Usage ResourceCount');
  });

  it('costCheck runs the daily rule through Cost Explorer', async () => {
    const costExplorer = http.post('https://ce.us-east-1.amazonaws.com/', () =>
      HttpResponse.json(
        { ResultsByTime: [], GroupDefinitions: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }] },
        { headers: { 'content-type': 'application/x-amz-json-1.1' } },
      ),
    );
    mswServer.use(ssm.handler, dynamo.handler, costExplorer);
    const result = await costCheckHandler(
      { source: 'aws.events', 'detail-type': 'Scheduled Event' } as unknown as ScheduledEvent,
      context,
    );
    expect(result).toEqual({ verdict: 'no-data', posted: false });
  });
});

/**
 * Every inbound route under thousands of generated bodies (fast-check): random text, random JSON,
 * lone surrogates, and near-valid payloads built from each door's real fields. Signed doors are signed
 * correctly, so the fuzz reaches the parsing behind the signature check. No body may get a 5xx or
 * throw, and the heap must stay flat.
 */
import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { localDeps } from '../../src/deps.ts';
import { ConsoleHub } from '../../src/local/console/hub.ts';
import { consoleRoutes } from '../../src/local/console/routes.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { anAlarm } from '../support/builders.ts';
import { mswServer } from '../support/msw.ts';
import { TEST_TOPIC_ARN } from '../support/sns.ts';

const SLACK_SECRET = 'fuzz-slack-signing-secret';
const DINGTALK_SECRET = 'fuzz-dingtalk-app-secret';
const TOKEN = 'fuzz-console-token';
const RUNS = 1000;

function fuzzApp() {
  // Every command that reaches Timestream fails fast here: nothing listens on port 9.
  // No chat destinations: alarms that parse are delivered to the (silent) terminal, at no rate limit.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SNS_TOPIC_ARNS: TEST_TOPIC_ARN,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    DINGTALK_APP_SECRET: DINGTALK_SECRET,
    TIMESTREAM_ENDPOINT: 'http://127.0.0.1:9',
    ALLOWED_USERS: 'console:operator,slack:U0FUZZ',
  });
  const deps = localDeps(config, { logger: silentLogger, consoleWrite: () => undefined });
  const console = consoleRoutes({
    hub: new ConsoleHub(),
    locales: config.commands.locale,
    token: TOKEN,
    clientScript: '',
    users: ['operator'],
    runCommand: deps.runCommand,
    fireAlarm: () => Promise.resolve(),
    startStory: () => false,
    clock: systemClock,
    logger: silentLogger,
  });
  return createApp({ ...deps, console });
}

/** Text a sender could put in a body: anything, including lone surrogates and control characters. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 50 }));
const anyJson = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value));
/** A field's value: usually the right type, sometimes not. */
const value = fc.oneof(
  anyText,
  fc.integer(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.boolean(),
);
const nearRecord = (keys: readonly string[], valid: Record<string, unknown>) =>
  fc
    .record(Object.fromEntries(keys.map((key) => [key, value])) as Record<string, fc.Arbitrary<unknown>>, {
      requiredKeys: [],
    })
    .map((noise) => ({ ...valid, ...noise }));

const alarm = JSON.parse(anAlarm().text()) as Record<string, unknown>;
const alarmish = nearRecord(
  ['AlarmName', 'NewStateValue', 'OldStateValue', 'StateChangeTime', 'Region', 'AlarmArn', 'Trigger', 'AlarmRule'],
  alarm,
).map((body) => JSON.stringify(body));
const snsEnvelope = (message: string) => ({
  Type: 'Notification',
  MessageId: randomUUID(),
  TopicArn: TEST_TOPIC_ARN,
  Message: message,
  Timestamp: new Date().toISOString(),
  SignatureVersion: '1',
  Signature: 'AAAA',
  SigningCertURL: 'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem',
});
const snsish = fc
  .tuple(alarmish, nearRecord(['Type', 'MessageId', 'TopicArn', 'Timestamp', 'SignatureVersion', 'SigningCertURL'], {}))
  .map(([message, noise]) => JSON.stringify({ ...snsEnvelope(message), ...noise }));
const lambdaish = fc
  .array(fc.oneof(alarmish, anyText), { minLength: 0, maxLength: 3 })
  .chain((messages) =>
    fc.constantFrom(
      JSON.stringify({ Records: messages.map((Message) => ({ EventSource: 'aws:sns', Sns: { Message } })) }),
      JSON.stringify({ Records: messages }),
      JSON.stringify({ Records: messages.map((Message) => ({ Sns: Message })) }),
    ),
  );
const slackish = fc
  .record({
    command: fc.oneof(fc.constantFrom('/tcu', '/setup', '/cost'), anyText),
    text: fc.oneof(fc.constantFrom('help', '', 'bogus sub'), anyText),
    user_id: anyText,
    channel_id: anyText,
    trigger_id: anyText,
    response_url: fc.oneof(fc.constant('https://hooks.slack.com/commands/T1/2/abc'), anyText),
  })
  .map((fields) => new URLSearchParams(fields as Record<string, string>).toString());
/** A click on an alarm message's button (block_actions in `payload=`), near valid. */
const slackActionish = fc
  .record({
    type: fc.oneof(fc.constant('block_actions'), value),
    user: fc.oneof(fc.constant({ id: 'U0FUZZ' }), fc.constant({ id: 'U0OTHER' }), value),
    channel: fc.oneof(fc.constant({ id: 'C0FUZZ' }), value),
    message: fc.oneof(
      fc.record({
        ts: fc.constant('1748426401.000101'),
        text: anyText,
        blocks: fc.array(fc.object(), { maxLength: 3 }),
      }),
      value,
    ),
    response_url: fc.oneof(fc.constant('https://hooks.slack.com/actions/T1/2/abc'), anyText),
    trigger_id: fc.oneof(fc.uuid(), anyText),
    actions: fc.array(
      fc.record({
        action_id: fc.oneof(fc.constantFrom('tcu_alarm_acknowledge', 'tcu_alarm_mute_1h', 'open-console'), anyText),
        value: fc.oneof(
          fc.record({ post: anyText, name: anyText }).map((button) => JSON.stringify(button)),
          anyText,
        ),
        action_ts: fc.oneof(fc.constant('1748426401.5'), anyText),
      }),
      { maxLength: 2 },
    ),
  })
  .map((payload) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
const dingtalkish = nearRecord(
  ['msgtype', 'text', 'msgId', 'conversationId', 'senderStaffId', 'sessionWebhook', 'sessionWebhookExpiredTime'],
  {
    msgtype: 'text',
    text: { content: ' /tcu help' },
    msgId: 'm',
    conversationId: 'c',
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=1',
    sessionWebhookExpiredTime: Date.now() + 60_000,
  },
).map((body) =>
  JSON.stringify({ ...body, msgId: typeof body.msgId === 'string' ? `${body.msgId}-${randomUUID()}` : body.msgId }),
);

const bodies = (specific: fc.Arbitrary<string>) => fc.oneof(anyText, anyJson, specific, specific);

let stamp = 0;
function headersFor(path: string, body: string): Record<string, string> {
  switch (path) {
    case '/slack/events': {
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      return {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(timestamp),
      };
    }
    case '/dingtalk/events': {
      const timestamp = (stamp = Math.max(Date.now(), stamp + 1));
      const sign = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
      return { 'content-type': 'application/json', timestamp: String(timestamp), sign };
    }
    case '/console/command':
    case '/console/alarm':
      return { 'content-type': 'application/json', 'x-console-token': TOKEN };
    default:
      return { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' };
  }
}

const DOORS: readonly (readonly [path: string, body: fc.Arbitrary<string>])[] = [
  ['/sns', bodies(snsish)],
  ['/dev/alarm', bodies(fc.oneof(alarmish, lambdaish, snsish))],
  ['/slack/events', bodies(fc.oneof(slackish, slackActionish))],
  ['/dingtalk/events', bodies(dingtalkish)],
  [
    '/console/command',
    bodies(
      fc
        .record({ text: fc.oneof(fc.constantFrom('/tcu help', '/tcu bogus'), anyText), user: anyText })
        .map((record) => JSON.stringify(record)),
    ),
  ],
  ['/console/alarm', bodies(fc.record({ kind: anyText }).map((record) => JSON.stringify(record)))],
];

// Answers to alarm buttons go back through Slack's response_url.
beforeEach(() => {
  mswServer.use(http.post(/^https:\/\/hooks\.slack\.com\/actions\//, () => HttpResponse.text('ok')));
});

describe('every inbound route under generated bodies', () => {
  it.each(DOORS)(
    '%s: no 5xx, no crash, heap flat',
    async (path, body) => {
      const app = fuzzApp();
      const statuses = new Map<number, number>();
      const heapBefore = process.memoryUsage().heapUsed;
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          const response = await app.request(`http://127.0.0.1:3000${path}`, {
            method: 'POST',
            body: text,
            headers: headersFor(path, text),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          await response.arrayBuffer();
          expect(response.status, text.slice(0, 200)).toBeLessThan(500);
        }),
        { numRuns: RUNS },
      );
      const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
      expect(grownMb).toBeLessThan(100);
      // The fuzz reached past the door: some bodies were refused as input, some accepted.
      expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
    },
    120_000,
  );
});

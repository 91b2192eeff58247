import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { anAlarm } from './support/builders.ts';
import { dingTalkRobot, dingTalkText } from './support/chat-servers.ts';
import { testApp } from './support/app.ts';
import { readJsonFixture } from './support/fixtures.ts';
import { mswServer } from './support/msw.ts';
import { TEST_TOPIC_ARN, certificateHandler, signEnvelope } from './support/sns.ts';

const NOTIFICATION = readJsonFixture('sns/http-notification.json');
const CONFIRMATION = readJsonFixture('sns/http-subscription-confirmation.json');

function signedNow(envelope: Record<string, unknown>, version: '1' | '2' = '1') {
  return signEnvelope({ ...envelope, Timestamp: new Date(Date.now() - 1000).toISOString() }, version);
}

function postSns(app: ReturnType<typeof testApp>['app'], body: string, type = 'Notification') {
  return app.request('/sns', {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
  });
}

describe('POST /sns', () => {
  it('verifies, then delivers a signed notification to DingTalk', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(certificateHandler(), dingtalk.handler);
    const { app } = testApp({ mode: 'aws' });
    const response = await postSns(app, JSON.stringify(signedNow(NOTIFICATION, '2')));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      messageId: NOTIFICATION.MessageId,
      deliveryId: expect.stringMatching(/^alarm-/),
      outcomes: [{ destination: 'dingtalk:default', status: 'sent' }],
    });
    expect(dingTalkText(dingtalk.received[0]!.body)).toContain('TimestreamQueryTCUHigh');
  });

  it('answers a redelivery without posting again', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(certificateHandler(), dingtalk.handler);
    const { app } = testApp({ mode: 'aws' });
    const body = JSON.stringify(signedNow(NOTIFICATION));
    await postSns(app, body);
    const again = await postSns(app, body);
    expect(await again.json()).toMatchObject({ outcomes: [{ status: 'duplicate' }] });
    expect(dingtalk.received).toHaveLength(1);
  });

  it('confirms a subscription for an allowed topic by fetching its SubscribeURL', async () => {
    const confirmed = vi.fn();
    mswServer.use(
      certificateHandler(),
      http.get('https://sns.ap-northeast-1.amazonaws.com/', ({ request }) => {
        confirmed(new URL(request.url).searchParams.get('Action'));
        return HttpResponse.xml(
          '<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>arn</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>',
        );
      }),
    );
    const { app } = testApp({ mode: 'aws' });
    const response = await postSns(app, JSON.stringify(signedNow(CONFIRMATION)), 'SubscriptionConfirmation');
    expect(response.status).toBe(200);
    expect(confirmed).toHaveBeenCalledWith('ConfirmSubscription');
  });

  it('does not confirm a subscription for a topic outside the allowlist', async () => {
    const confirmed = vi.fn();
    mswServer.use(
      certificateHandler(),
      http.get('https://sns.ap-northeast-1.amazonaws.com/', () => (confirmed(), HttpResponse.text('ok'))),
    );
    const { app } = testApp({ mode: 'aws', env: { SNS_TOPIC_ARNS: 'arn:aws:sns:ap-northeast-1:123456789012:other' } });
    const response = await postSns(app, JSON.stringify(signedNow(CONFIRMATION)), 'SubscriptionConfirmation');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'forbidden',
      reason: `topic ${TEST_TOPIC_ARN} is not in SNS_TOPIC_ARNS`,
    });
    expect(confirmed).not.toHaveBeenCalled();
  });

  it.each([
    [
      'forged',
      () => JSON.stringify({ ...signedNow(NOTIFICATION), Message: anAlarm().named('Forged').text() }),
      403,
      'signature does not match',
    ],
    ['unsigned', () => JSON.stringify({ ...signedNow(NOTIFICATION), Signature: undefined }), 403, 'unsigned'],
    [
      'expired',
      () =>
        JSON.stringify(signEnvelope({ ...NOTIFICATION, Timestamp: new Date(Date.now() - 2 * 3600_000).toISOString() })),
      403,
      'too old',
    ],
    ['malformed JSON', () => '{"Type":', 400, 'not JSON'],
    ['wrong types', () => JSON.stringify({ ...NOTIFICATION, MessageId: 42 }), 400, 'MessageId'],
    ['missing fields', () => JSON.stringify({ Type: 'Notification' }), 400, 'TopicArn'],
    ['an unknown Type', () => JSON.stringify({ ...NOTIFICATION, Type: 'Surprise' }), 400, 'Type'],
    ['a 1 MB body', () => JSON.stringify({ ...NOTIFICATION, Message: 'x'.repeat(1024 * 1024) }), 413, 'body over'],
  ])('refuses %s input with %i', async (_case, body, status, reason) => {
    const dingtalk = dingTalkRobot();
    mswServer.use(certificateHandler(), dingtalk.handler);
    const { app } = testApp({ mode: 'aws' });
    const response = await postSns(app, body());
    expect(response.status).toBe(status);
    expect(((await response.json()) as { reason: string }).reason).toContain(reason);
    expect(dingtalk.received).toHaveLength(0);
  });

  it('answers 503 with Retry-After when delivery fails, so SNS retries', async () => {
    const dingtalk = dingTalkRobot([{ errcode: 400102, errmsg: 'robot disabled' }]);
    mswServer.use(certificateHandler(), dingtalk.handler);
    const { app } = testApp({ mode: 'aws' });
    const response = await postSns(app, JSON.stringify(signedNow(NOTIFICATION)));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('20');
    expect(((await response.json()) as { reason: string }).reason).toContain('robot disabled');
  });
});

describe('POST /dev/alarm', () => {
  it('delivers a bare alarm in local mode (to DingTalk and the console)', async () => {
    const dingtalk = dingTalkRobot();
    mswServer.use(dingtalk.handler);
    const printed: string[] = [];
    const { app } = testApp({ overrides: { consoleWrite: (text) => printed.push(text) } });
    const response = await app.request('/dev/alarm', { method: 'POST', body: anAlarm().text() });
    expect(response.status).toBe(200);
    expect(dingtalk.received).toHaveLength(1);
    expect(printed.join('')).toContain('【紧急】🚨 告警触发');
  });

  it('refuses bad input with 400 and a reason', async () => {
    const { app } = testApp();
    const response = await app.request('/dev/alarm', {
      method: 'POST',
      body: '{"AlarmName":"x","NewStateValue":"ALARM"}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { reason: string }).reason).toContain('StateChangeTime');
  });

  it('does not exist on Lambda', async () => {
    const { app } = testApp({ mode: 'aws' });
    expect((await app.request('/dev/alarm', { method: 'POST', body: anAlarm().text() })).status).toBe(404);
  });
});

describe('GET /healthz', () => {
  it('answers', async () => {
    const { app } = testApp({ mode: 'aws' });
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true });
  });
});

describe('POST /sns subscription confirmation failures', () => {
  it('answers 502 with the reason when SubscribeURL cannot be fetched', async () => {
    mswServer.use(
      certificateHandler(),
      http.get('https://sns.ap-northeast-1.amazonaws.com/', () => new HttpResponse('', { status: 500 })),
    );
    const { app } = testApp({ mode: 'aws' });
    const response = await postSns(app, JSON.stringify(signedNow(CONFIRMATION)), 'SubscriptionConfirmation');
    expect(response.status).toBe(502);
    expect(((await response.json()) as { reason: string }).reason).toContain('HTTP 500');
  });
});

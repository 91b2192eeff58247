import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outboxItemFor } from '../../../src/alarms/forward.ts';
import { parseAlarmPayload } from '../../../src/alarms/inbound.ts';
import { DingTalkRobot } from '../../../src/chat/dingtalk/send.ts';
import { MemoryDeliveryStore } from '../../../src/chat/outbox/delivery-store.ts';
import { OutboxDeliveryError } from '../../../src/chat/outbox/errors.ts';
import { Outbox } from '../../../src/chat/outbox/outbox.ts';
import { SlackWebhook } from '../../../src/chat/slack/send.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { anAlarm } from '../../support/builders.ts';
import {
  DINGTALK_SECRET,
  DINGTALK_WEBHOOK,
  SLACK_WEBHOOK,
  dingTalkRobot,
  dingTalkMentions,
  dingTalkText,
  slackWebhook,
  type DingTalkReply,
} from '../../support/chat-servers.ts';
import { mswServer } from '../../support/msw.ts';

const START = Date.UTC(2025, 4, 28, 10, 0, 0);
const DINGTALK_RATE = { limit: 20, windowMs: 60_000, soloLimit: 10, digestMaxEntries: 50 };

function makeOutbox(options: { withSlack?: boolean } = {}) {
  const store = new MemoryDeliveryStore();
  const robot = new DingTalkRobot({
    name: 'ops',
    webhookUrl: DINGTALK_WEBHOOK,
    secret: DINGTALK_SECRET,
    locale: 'zh-CN',
    mentions: undefined,
    rate: DINGTALK_RATE,
    timeoutMs: 5000,
    clock: systemClock,
  });
  const slack = new SlackWebhook({
    name: 'alerts',
    webhookUrl: SLACK_WEBHOOK,
    locale: 'en',
    rate: { ...DINGTALK_RATE, limit: 50, soloLimit: 25 },
    timeoutMs: 5000,
    clock: systemClock,
  });
  const outbox = new Outbox({
    destinations: options.withSlack ? [robot, slack] : [robot],
    store,
    clock: systemClock,
    logger: silentLogger,
    timeZone: 'Asia/Shanghai',
    random: () => 0.5,
  });
  return { outbox, store };
}

function item(name = 'TimestreamQueryTCUHigh', at = '2025-05-28T09:59:59.999+0000') {
  const [inbound] = parseAlarmPayload(anAlarm().named(name).at(at).text());
  return outboxItemFor(inbound!, 'Asia/Shanghai');
}

/** Lets fake time run until the promise settles (bounded, so a hang fails instead of spinning). */
async function settle<T>(promise: Promise<T>, maxMs = 15 * 60_000): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let elapsed = 0; !done && elapsed < maxMs; elapsed += 1000) await vi.advanceTimersByTimeAsync(1000);
  return tracked;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

function useRobot(script: DingTalkReply[]) {
  const dingtalk = dingTalkRobot(script);
  mswServer.use(dingtalk.handler);
  return dingtalk;
}

describe('Outbox delivery faults', () => {
  it('DingTalk 500 twice then OK → delivered once, same msgUuid on every attempt', async () => {
    const dingtalk = useRobot([{ status: 500 }, { status: 500 }]);
    const { outbox } = makeOutbox();
    expect(await settle(outbox.deliver(item()))).toEqual([{ destination: 'dingtalk:ops', status: 'sent' }]);
    expect(dingtalk.received).toHaveLength(3);
    expect(new Set(dingtalk.received.map((request) => request.body.msgUuid)).size).toBe(1);
    // Re-signed per request: every attempt carries a fresh timestamp.
    expect(new Set(dingtalk.received.map((request) => request.url.searchParams.get('timestamp'))).size).toBe(3);
  });

  it('errcode 410100 → waits at least a minute, then delivered', async () => {
    const dingtalk = useRobot([{ errcode: 410100, errmsg: '发送速度太快而限流' }]);
    const { outbox } = makeOutbox();
    const sentAt: number[] = [];
    mswServer.events.on('request:start', () => sentAt.push(Date.now()));
    await settle(outbox.deliver(item()));
    mswServer.events.removeAllListeners();
    expect(dingtalk.received).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('a timed-out DingTalk request is retried with the same msgUuid (DingTalk drops the repeat)', async () => {
    const dingtalk = useRobot([{ hang: true }]);
    const { outbox } = makeOutbox();
    expect(await settle(outbox.deliver(item()))).toEqual([{ destination: 'dingtalk:ops', status: 'sent' }]);
    expect(dingtalk.received).toHaveLength(2);
    expect(dingtalk.received[1]!.body.msgUuid).toBe(dingtalk.received[0]!.body.msgUuid);
  });

  it('a Slack webhook that answers after the timeout is not posted again (no idempotency key): unconfirmed', async () => {
    useRobot([]);
    let posts = 0;
    mswServer.use(
      http.post(SLACK_WEBHOOK, async () => {
        posts += 1;
        await delay(60_000);
        return new HttpResponse('ok');
      }),
    );
    const { outbox } = makeOutbox({ withSlack: true });
    const outcomes = await settle(outbox.deliver(item()));
    expect(outcomes).toContainEqual({ destination: 'slack:alerts', status: 'unconfirmed' });
    expect(posts).toBe(1);
    // Recorded as sent: the same alarm again (an SNS retry) is not posted either.
    expect(await settle(outbox.deliver(item()))).toContainEqual({ destination: 'slack:alerts', status: 'duplicate' });
    expect(posts).toBe(1);
  });

  it('errcode 310000 → fails at once with a reason naming the cause', async () => {
    const dingtalk = useRobot([{ errcode: 310000, errmsg: 'keywords not in content' }]);
    const { outbox } = makeOutbox();
    const failure = await settle(outbox.deliver(item())).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutboxDeliveryError);
    expect((failure as Error).message).toContain('dingtalk:ops');
    expect((failure as Error).message).toContain('keyword not in content');
    expect(dingtalk.received).toHaveLength(1);
  });

  it('keeps retrying a 5xx until the deadline, then throws', async () => {
    const dingtalk = useRobot(Array.from({ length: 100 }, () => ({ status: 503 })));
    const { outbox } = makeOutbox();
    const failure = await settle(outbox.deliver(item(), { deadlineAtMs: START + 60_000 })).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OutboxDeliveryError);
    expect((failure as Error).message).toMatch(/HTTP 503; no time left to retry/);
    expect(dingtalk.received.length).toBeGreaterThan(2);
    expect(Date.now()).toBeLessThanOrEqual(START + 60_000);
  });

  it('delivers a message once even when it arrives twice (SNS at-least-once)', async () => {
    const dingtalk = useRobot([]);
    const { outbox } = makeOutbox();
    const message = item();
    await settle(outbox.deliver(message));
    expect(await settle(outbox.deliver(message))).toEqual([{ destination: 'dingtalk:ops', status: 'duplicate' }]);
    expect(dingtalk.received).toHaveLength(1);
  });

  it('posts once when the same alarm is delivered twice at the same moment (claim, then post)', async () => {
    const dingtalk = useRobot([]);
    const { outbox } = makeOutbox();
    const message = item();
    const outcomes = await settle(Promise.all([outbox.deliver(message), outbox.deliver(message)]));
    expect(dingtalk.received).toHaveLength(1);
    expect(
      outcomes
        .flat()
        .map((outcome) => outcome.status)
        .sort(),
    ).toEqual(['duplicate', 'sent']);
  });

  it('a sender that crashed after claiming loses its claim at its deadline; the retry then posts it once', async () => {
    const dingtalk = useRobot([]);
    const { outbox, store } = makeOutbox();
    const message = item();
    // The crashed sender: it claimed with a 2-minute deadline and never posted.
    await store.claim(`dingtalk:ops|${message.id}`, 'crashed-sender', Date.now(), Date.now() + 120_000);
    const retry = await settle(outbox.deliver(message, { deadlineAtMs: Date.now() + 5 * 60_000 }));
    expect(retry).toEqual([{ destination: 'dingtalk:ops', status: 'sent' }]);
    expect(dingtalk.received).toHaveLength(1);
    expect(Date.now()).toBeGreaterThanOrEqual(START + 120_000);
  });

  it('a failure at one destination does not stop the other; the retry goes only where it failed', async () => {
    const dingtalk = useRobot([{ errcode: 300001, errmsg: 'token is not exist' }]);
    const slack = slackWebhook();
    mswServer.use(slack.handler);
    const { outbox } = makeOutbox({ withSlack: true });
    const message = item();
    const failure = await settle(outbox.deliver(message)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutboxDeliveryError);
    expect((failure as OutboxDeliveryError).failures.map((each) => each.destinationId)).toEqual(['dingtalk:ops']);
    expect(slack.received).toHaveLength(1);

    const retried = await settle(outbox.deliver(message));
    expect(retried).toEqual(
      expect.arrayContaining([
        { destination: 'dingtalk:ops', status: 'sent' },
        { destination: 'slack:alerts', status: 'duplicate' },
      ]),
    );
    expect(slack.received).toHaveLength(1);
    expect(dingtalk.received).toHaveLength(2);
  });
});

describe('Outbox storm control', () => {
  it("a muted alarm's repeat waits for the digest and pages no one; an alarm not muted still posts alone, with its mention", async () => {
    const dingtalk = useRobot([]);
    const robot = new DingTalkRobot({
      name: 'ops',
      webhookUrl: DINGTALK_WEBHOOK,
      secret: DINGTALK_SECRET,
      locale: 'en',
      mentions: { onStates: ['ALARM'], atMobiles: ['13800000000'], atUserIds: [], isAtAll: false },
      rate: DINGTALK_RATE,
      timeoutMs: 5000,
      clock: systemClock,
    });
    const outbox = new Outbox({
      destinations: [robot],
      store: new MemoryDeliveryStore(),
      clock: systemClock,
      logger: silentLogger,
      timeZone: 'UTC',
    });
    const mute = { untilMs: START + 3600_000, by: 'slack:U0ALICE' };
    const [muted] = parseAlarmPayload(anAlarm().named('Muted').at(new Date(START).toISOString()).text());
    const [loud] = parseAlarmPayload(anAlarm().named('Loud').at(new Date(START).toISOString()).text());
    const mutedDelivery = outbox.deliver(outboxItemFor(muted!, 'UTC', undefined, { muted: mute }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(dingtalk.received).toHaveLength(0);
    // Only a digest carries the muted one: the alarm that is not muted goes out alone meanwhile.
    await settle(outbox.deliver(outboxItemFor(loud!, 'UTC')));
    expect(dingtalk.received).toHaveLength(1);
    expect(dingtalk.received[0]!.body.at).toMatchObject({ atMobiles: ['13800000000'] });
    expect(await settle(mutedDelivery)).toEqual([{ destination: 'dingtalk:ops', status: 'digested' }]);
    expect(dingtalk.received).toHaveLength(2);
    const digest = dingtalk.received[1]!.body;
    expect(dingTalkText(digest)).toContain('Muted');
    expect(dingTalkText(digest)).toContain('🔕');
    expect(dingTalkMentions(digest)).toEqual([]);
  });

  it('200 alarms with long CJK names: every one named on DingTalk and on Slack, digests split by size, none lost', async () => {
    const dingtalk = useRobot([]);
    const slack = slackWebhook();
    mswServer.use(slack.handler);
    const { outbox } = makeOutbox({ withSlack: true });
    const names = Array.from(
      { length: 200 },
      (_, index) =>
        `时序数据库查询计算单元告警-华东生产环境-设备分组${String(index).padStart(3, '0')}-${'超长名称'.repeat(12)}`,
    );
    const deliveries = names.map((name) => outbox.deliver(item(name, new Date(Date.now()).toISOString())));
    const results = await settle(Promise.allSettled(deliveries), 15 * 60_000);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const robotText = dingtalk.received.map((request) => dingTalkText(request.body)).join('\n');
    const slackText = slack.received.map((request) => JSON.stringify(request.body)).join('\n');
    expect(names.filter((name) => !robotText.includes(name))).toEqual([]);
    expect(names.filter((name) => !slackText.includes(name))).toEqual([]);
    expect(robotText).not.toMatch(/另有 \d+ 条|and \d+ more/);
    expect(slackText).not.toMatch(/and \d+ more|另有 \d+ 条/);
  });

  it('1,000 alarms in one minute → at most 20 requests per rolling minute, every alarm in some message', async () => {
    const dingtalk = useRobot([]);
    const arrivals: number[] = [];
    mswServer.events.on('request:start', () => arrivals.push(Date.now()));
    const { outbox } = makeOutbox();
    const names = Array.from({ length: 1000 }, (_, index) => `StormAlarm-${String(index).padStart(4, '0')}`);
    const deliveries: Promise<unknown>[] = [];
    for (const [index, name] of names.entries()) {
      // Spread over the first minute: 1,000 alarms in 60 s.
      if (index % 17 === 0) await vi.advanceTimersByTimeAsync(1000);
      deliveries.push(outbox.deliver(item(name, new Date(Date.now()).toISOString())));
    }
    const results = await settle(Promise.allSettled(deliveries), 10 * 60_000);
    mswServer.events.removeAllListeners();

    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(arrivals).toHaveLength(dingtalk.received.length);
    for (const at of arrivals) {
      expect(arrivals.filter((other) => other > at - 60_000 && other <= at).length).toBeLessThanOrEqual(20);
    }
    const texts = dingtalk.received.map((request) => dingTalkText(request.body)).join('\n');
    const missing = names.filter((name) => !texts.includes(name));
    expect(missing).toEqual([]);
    expect(dingtalk.received.length).toBeLessThan(60);
    expect(texts).toContain('【告警汇总】');
  });
});

/**
 * A storm into a DingTalk robot that misbehaves as networks do: it answers late (after our timeout,
 * having posted), answers 5xx (not posted), drops the connection before or after posting, in a fixed
 * pseudo-random mix. The robot drops a repeated msgUuid as DingTalk documents. Every alarm must be
 * named in exactly one posted message — none lost, none twice. (Process crashes mid-storm are not
 * covered here.)
 */
import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outboxItemFor } from '../../../src/alarms/forward.ts';
import { parseAlarmPayload } from '../../../src/alarms/inbound.ts';
import { dingTalkRate } from '../../../src/chat/dingtalk/rate.ts';
import { DingTalkRobot } from '../../../src/chat/dingtalk/send.ts';
import { MemoryDeliveryStore } from '../../../src/chat/outbox/delivery-store.ts';
import { Outbox } from '../../../src/chat/outbox/outbox.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { anAlarm } from '../../support/builders.ts';
import { DINGTALK_URL, DINGTALK_WEBHOOK, dingTalkText } from '../../support/chat-servers.ts';
import { mswServer } from '../../support/msw.ts';

const START = Date.UTC(2026, 11, 4, 8, 0, 0);
const TIMEOUT_MS = 8000;
type Fault = 'ok' | 'late' | '5xx' | 'drop-before' | 'drop-after';
/** A fixed mix: about half the requests misbehave. */
const FAULTS: readonly Fault[] = ['ok', 'late', 'ok', '5xx', 'drop-before', 'ok', 'drop-after', 'late', 'ok', '5xx'];

function chaoticRobot() {
  const posted: string[] = [];
  const seen = new Set<string>();
  let requests = 0;
  const post = (body: { msgUuid?: string } & Record<string, unknown>) => {
    // DingTalk: a repeated msgUuid is not posted again.
    if (body.msgUuid && seen.has(body.msgUuid)) return;
    if (body.msgUuid) seen.add(body.msgUuid);
    posted.push(dingTalkText(body));
  };
  const handler = http.post(DINGTALK_URL, async ({ request }) => {
    const body = (await request.json()) as { msgUuid?: string } & Record<string, unknown>;
    const fault = FAULTS[requests++ % FAULTS.length]!;
    switch (fault) {
      case '5xx':
        return new HttpResponse('busy', { status: 503 });
      case 'drop-before':
        return HttpResponse.error();
      case 'drop-after':
        post(body);
        return HttpResponse.error();
      case 'late':
        post(body);
        await delay(TIMEOUT_MS * 3);
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
      default:
        post(body);
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
    }
  });
  return { handler, posted, requests: () => requests };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a storm into a misbehaving DingTalk robot', () => {
  it('names every alarm in exactly one posted message', async () => {
    const robot = chaoticRobot();
    mswServer.use(robot.handler);
    const outbox = new Outbox({
      destinations: [
        new DingTalkRobot({
          name: 'chaos',
          webhookUrl: DINGTALK_WEBHOOK,
          secret: undefined,
          locale: 'zh-CN',
          mentions: undefined,
          rate: dingTalkRate(),
          timeoutMs: TIMEOUT_MS,
          clock: systemClock,
        }),
      ],
      store: new MemoryDeliveryStore(),
      clock: systemClock,
      logger: silentLogger,
      timeZone: 'Asia/Shanghai',
      random: () => 0.5,
    });
    const names = Array.from({ length: 150 }, (_, index) => `ChaosAlarm-${String(index).padStart(3, '0')}`);
    const deliveries = names.map((name) => {
      const [inbound] = parseAlarmPayload(anAlarm().named(name).at(new Date(START).toISOString()).text());
      return outbox.deliver(outboxItemFor(inbound!, 'Asia/Shanghai'), { deadlineAtMs: START + 30 * 60_000 });
    });
    let done = false;
    const all = Promise.allSettled(deliveries).finally(() => (done = true));
    for (let elapsed = 0; !done && elapsed < 30 * 60_000; elapsed += 1000) await vi.advanceTimersByTimeAsync(1000);
    const results = await all;

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(robot.requests()).toBeGreaterThan(robot.posted.length);
    const counts = names.map((name) => robot.posted.filter((text) => new RegExp(`${name}(?![0-9])`).test(text)).length);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
  });
});

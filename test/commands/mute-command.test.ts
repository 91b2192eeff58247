/**
 * `/mute <alarm> 1h` and `/unmute <alarm>` through the wiring `npm start` uses: only the allowlisted
 * may; a muted alarm's repeat goes into a digest to the DingTalk robot (msw, its wire format) marked
 * 🔕 and @-mentions no one; its recovery still posts, saying who muted it until when; after /unmute
 * it pages again. Caps are checked first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverInbound } from '../../src/alarms/forward.ts';
import { parseAlarmPayload } from '../../src/alarms/inbound.ts';
import { runCommand, type Caller } from '../../src/commands/run-command.ts';
import { loadConfig } from '../../src/config.ts';
import { localDeps, type Deps } from '../../src/deps.ts';
import { MemoryJobStore } from '../../src/jobs/job-store.ts';
import type { MonitorDeps } from '../../src/monitor/monitor.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { anAlarm } from '../support/builders.ts';
import {
  DINGTALK_SECRET,
  DINGTALK_WEBHOOK,
  dingTalkMentions,
  dingTalkRobot,
  dingTalkText,
} from '../support/chat-servers.ts';
import { mswServer } from '../support/msw.ts';
import { VirtualClock } from '../support/virtual-clock.ts';

let deps: Deps;
let requests = 0;
let robot: ReturnType<typeof dingTalkRobot>;
let clock: VirtualClock;

beforeEach(() => {
  clock = new VirtualClock(Date.now());
  robot = dingTalkRobot();
  mswServer.use(robot.handler);
  deps = localDeps(
    loadConfig({
      LOG_LEVEL: 'silent',
      DINGTALK_WEBHOOK_URL: DINGTALK_WEBHOOK,
      DINGTALK_SECRET,
      DINGTALK_AT_MOBILES: '13800000000',
    }),
    { logger: silentLogger, consoleWrite: () => undefined, clock },
  );
});
afterEach(() => undefined);

const caller = (userId: string): Caller => ({
  platform: 'dingtalk',
  userId,
  conversationId: 'cid-ops',
  requestId: `r${++requests}`,
  replyTo: { kind: 'console', conversationId: 'console' },
});

const say = async (text: string, who: string, locale: 'en' | 'zh-CN' = 'en') =>
  (
    await runCommand(text, caller(who), {
      store: new MemoryJobStore(),
      queue: { enqueue: () => Promise.resolve() },
      monitor: {} as MonitorDeps,
      permissions: { users: new Set(['dingtalk:oncall']), conversations: new Set() },
      limits: { maxWorkers: 1, maxTotalWorkers: 1, maxRatePerSecond: 1, maxDurationMs: 60_000, maxScale: 1 },
      clock: deps.clock,
      logger: silentLogger,
      newId: () => `job-${requests}`,
      timeZone: 'UTC',
      mutes: deps.mutes,
    })
  )(locale);

async function fire(at: string, state: 'ALARM' | 'OK' = 'ALARM'): Promise<{ text: string; atMobiles: string[] }> {
  const before = robot.received.length;
  const [inbound] = parseAlarmPayload(JSON.stringify(anAlarm().inState(state).at(at).json()));
  const delivery = deliverInbound(inbound!, deps);
  // A muted repeat waits for the digest, which gathers for 10 s: move time on once it waits.
  for (let tries = 0; robot.received.length === before; tries += 1) {
    if (clock.wakeTimes.includes(clock.now() + 10_000)) clock.advance(10_000);
    if (tries > 400) throw new Error('no message reached the robot');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await delivery;
  const body = robot.received[before]!.body;
  return { text: dingTalkText(body), atMobiles: dingTalkMentions(body) };
}

describe('/mute and /unmute', () => {
  it('only the allowlisted may mute', async () => {
    expect((await say('/mute TimestreamQueryTCUHigh 1h', 'visitor')).title).toBe('⛔ /mute is for allowed users only');
  });

  it('refuses a duration without its unit or over a day, saying the cap', async () => {
    expect((await say('/mute TimestreamQueryTCUHigh 2d', 'oncall')).title).toBe('2d is not a duration from 1m to 24h');
    expect((await say('/mute TimestreamQueryTCUHigh 30', 'oncall', 'zh-CN')).title).toBe(
      '30 不是 1m 到 24h 之间的时长',
    );
    expect((await say('/mute 1h', 'oncall')).title).toMatch(/^Give the alarm's name, then how long/);
  });

  it("a muted alarm's repeat goes to the digest and pages no one; its recovery says who muted it; unmuted, it pages again", async () => {
    const paging = await fire(new Date(clock.now() - 60_000).toISOString());
    expect(paging.atMobiles).toEqual(['13800000000']);

    const muted = await say('/mute TimestreamQueryTCUHigh 1h', 'oncall');
    expect(muted.title).toMatch(/^🔕 TimestreamQueryTCUHigh is muted until \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const repeat = await fire(new Date(clock.now() - 30_000).toISOString());
    expect(repeat.atMobiles).toEqual([]);
    expect(repeat.text).toMatch(/^### 【告警汇总】1 条通知/);
    expect(repeat.text).toContain('TimestreamQueryTCUHigh');
    expect(repeat.text).toContain('🔕');
    expect(repeat.text).not.toContain('@13800000000');
    const recovery = await fire(new Date(clock.now() - 20_000).toISOString(), 'OK');
    expect(recovery.text).toMatch(/已静音\*\*: 至 .+（dingtalk:oncall 设置），不 @ 任何人/);
    expect(recovery.atMobiles).toEqual([]);

    expect((await say('/unmute TimestreamQueryTCUHigh', 'oncall')).title).toBe('🔔 TimestreamQueryTCUHigh pages again');
    expect((await say('/unmute TimestreamQueryTCUHigh', 'oncall')).title).toBe('TimestreamQueryTCUHigh was not muted');
    const again = await fire(new Date(Date.now() - 10_000).toISOString());
    expect(again.atMobiles).toEqual(['13800000000']);
  });
});

/**
 * An alarm's life in a Slack channel, through the app as deployed (bot token, signing secret) against
 * msw's Slack Web API: the ALARM message carries Acknowledge and Mute 1 h buttons; clicks arrive as
 * signed block_actions payloads and update the message (chat.update); a muted alarm's repeat goes to
 * the digest without a mention; the recovery is posted in the alarm's thread and the original says it
 * resolved and after how long.
 */
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGE_ACTION, ALARM_ACTIONS_BLOCK, MUTE_HOUR_ACTION } from '../../../src/chat/slack/alarm-buttons.ts';
import { testApp } from '../../support/app.ts';
import { anAlarm } from '../../support/builders.ts';
import { SLACK_TOKEN, dingTalkRobot, slackWorkspace, type Received } from '../../support/chat-servers.ts';
import { mswServer } from '../../support/msw.ts';
import { VirtualClock } from '../../support/virtual-clock.ts';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T0001/5566778899/xYzAbC123';
const T0 = Date.parse('2026-12-04T08:00:00Z');
let triggers = 0;

type Block = Record<string, unknown> & { elements?: Record<string, unknown>[] };

function setup(options: { allowed?: string; updateReplies?: { ok: false; error: string }[] } = {}) {
  // Time moves only when the test moves it (request timeouts never fire on their own).
  const clock = new VirtualClock(T0);
  const slack = slackWorkspace({ updateReplies: options.updateReplies });
  const responses: Record<string, unknown>[] = [];
  mswServer.use(
    ...slack.handlers,
    dingTalkRobot().handler,
    http.post(RESPONSE_URL, async ({ request }) => {
      responses.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.text('ok');
    }),
  );
  const { app, deps } = testApp({
    env: {
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      // A channel configured by name: updates must use the id Slack answered with.
      SLACK_CHANNELS: 'alerts',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ALLOWED_USERS: options.allowed ?? 'slack:U0ALICE',
      TIMESTREAM_ENDPOINT: 'http://127.0.0.1:9',
      DISPLAY_TIME_ZONE: 'UTC',
    },
    overrides: { clock },
  });
  const postAlarm = (alarm: Record<string, unknown>) =>
    app.request('/dev/alarm', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: '127.0.0.1' },
      body: JSON.stringify(alarm),
    });
  const click = (message: Received, actionId: string, userId = 'U0ALICE') => {
    const blocks = slack.blocksOf(message) as Block[];
    const ours = blocks.find((block) => block.block_id === ALARM_ACTIONS_BLOCK);
    const button = ours?.elements?.find((element) => element.action_id === actionId);
    if (!button) throw new Error(`no ${actionId} button on the message`);
    const ts = slack.tsOf(message);
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: 'alice', name: 'alice', team_id: 'T0001' },
      api_app_id: 'A0TCUBOT',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: ts, channel_id: slack.channelId, is_ephemeral: false },
      trigger_id: `1234567890.${++triggers}.abcdef`,
      team: { id: 'T0001', domain: 'acme' },
      channel: { id: slack.channelId, name: 'alerts' },
      message: { type: 'message', ts, text: message.body.text, blocks, bot_id: 'B0TCUBOT' },
      response_url: RESPONSE_URL,
      actions: [
        {
          action_id: actionId,
          block_id: ALARM_ACTIONS_BLOCK,
          text: button.text,
          value: button.value,
          type: 'button',
          action_ts: String(clock.now() / 1000),
        },
      ],
    };
    return sendPayload(payload);
  };
  /** A payload as Slack posts it: form field `payload`, signed over the raw body. */
  const sendPayload = (payload: unknown) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = Math.floor(clock.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return app.request('/slack/events', {
      method: 'POST',
      body,
      headers: {
        host: '127.0.0.1',
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(timestamp),
      },
    });
  };
  return { app, deps, clock, slack, responses, postAlarm, click, sendPayload };
}

const alarmAt = (state: 'ALARM' | 'OK', atMs: number) =>
  anAlarm().named('TcuHigh').inState(state).at(new Date(atMs).toISOString()).json();

const texts = (blocks: Block[]) => JSON.stringify(blocks);

/** Waits (in real time, briefly) until the app under test has reached a state. */
async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 400) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('an alarm in a Slack channel', () => {
  it('offers the buttons, takes acknowledge and mute, threads the recovery and marks the original resolved', async () => {
    const world = setup();
    const { slack } = world;
    expect((await world.postAlarm(alarmAt('ALARM', T0))).status).toBe(200);
    expect(slack.posts).toHaveLength(1);
    const alarmMessage = slack.posts[0]!;
    expect(alarmMessage.body.channel).toBe('alerts');
    const buttons = (slack.blocksOf(alarmMessage) as Block[]).find((block) => block.block_id === ALARM_ACTIONS_BLOCK);
    expect(buttons?.elements?.map((element) => element.action_id)).toEqual([ACKNOWLEDGE_ACTION, MUTE_HOUR_ACTION]);

    // Acknowledge: the message, by its channel id and ts, now says who; only Mute is left to click.
    world.clock.advance(60_000);
    const acked = await world.click(alarmMessage, ACKNOWLEDGE_ACTION);
    expect(acked.status).toBe(200);
    expect(slack.updates).toHaveLength(1);
    const afterAck = slack.updates[0]!;
    expect(afterAck.body).toMatchObject({ channel: slack.channelId, ts: '1748426401.000101' });
    expect(texts(slack.blocksOf(afterAck) as Block[])).toContain(
      'Acknowledged by <@U0ALICE> at 2026-12-04 08:01:00 UTC',
    );
    const left = (slack.blocksOf(afterAck) as Block[]).find((block) => block.block_id === ALARM_ACTIONS_BLOCK);
    expect(left?.elements?.map((element) => element.action_id)).toEqual([MUTE_HOUR_ACTION]);

    // Mute 1 h, from the updated message: recorded with the alarm's name, shown, no buttons left.
    expect((await world.click(afterAck, MUTE_HOUR_ACTION)).status).toBe(200);
    const afterMute = slack.updates[1]!;
    expect(texts(slack.blocksOf(afterMute) as Block[])).toContain('Muted by <@U0ALICE> until 2026-12-04 09:01:00 UTC');
    expect(texts(slack.blocksOf(afterMute) as Block[])).toContain('Acknowledged by <@U0ALICE>');
    expect((slack.blocksOf(afterMute) as Block[]).some((block) => block.block_id === ALARM_ACTIONS_BLOCK)).toBe(false);
    expect(await world.deps.mutes!.mutedAt('TcuHigh', world.clock.now())).toEqual({
      untilMs: T0 + 60_000 + 3600_000,
      by: 'slack:U0ALICE',
    });

    // A repeat while muted waits for the digest (10 s to gather a burst): no message of its own, no mention.
    const repeat = world.postAlarm(alarmAt('ALARM', T0 + 5 * 60_000));
    await until(() => world.clock.wakeTimes.includes(world.clock.now() + 10_000));
    expect(slack.posts).toHaveLength(1);
    world.clock.advance(10_000);
    expect((await repeat).status).toBe(200);
    expect(slack.posts).toHaveLength(2);
    const digest = slack.posts[1]!;
    expect(String(digest.body.text)).toMatch(/^Digest: 1 notification/);
    expect(texts(slack.blocksOf(digest) as Block[])).toContain('🔕');
    expect(digest.body.thread_ts).toBeUndefined();

    // The recovery: in the alarm's thread; the original (as last updated) says resolved and how long.
    expect((await world.postAlarm(alarmAt('OK', T0 + 23 * 60_000))).status).toBe(200);
    expect(slack.posts).toHaveLength(3);
    const recovery = slack.posts[2]!;
    expect(recovery.body).toMatchObject({ channel: slack.channelId, thread_ts: '1748426401.000101' });
    expect(slack.updates).toHaveLength(3);
    const resolved = slack.blocksOf(slack.updates[2]!) as Block[];
    expect(slack.updates[2]!.body).toMatchObject({ channel: slack.channelId, ts: '1748426401.000101' });
    expect(texts(resolved)).toContain('Resolved at 2026-12-04 08:23:00 UTC, after 23 min');
    // The update starts from the message as the clicks left it, kept in the state store.
    expect(texts(resolved)).toContain('Acknowledged by <@U0ALICE> at 2026-12-04 08:01:00 UTC');
    expect(texts(resolved)).toContain('Muted by <@U0ALICE>');
    expect(resolved.some((block) => block.block_id === ALARM_ACTIONS_BLOCK)).toBe(false);

    // The thread ended with the recovery: a later message about the alarm is not threaded to it.
    expect((await world.postAlarm(alarmAt('OK', T0 + 30 * 60_000))).status).toBe(200);
    expect(slack.posts.at(-1)!.body.thread_ts).toBeUndefined();
  });

  it('takes a click once: the same signed request again changes nothing', async () => {
    const world = setup();
    await world.postAlarm(alarmAt('ALARM', T0));
    const message = world.slack.posts[0]!;
    const blocks = world.slack.blocksOf(message) as Block[];
    const button = blocks
      .find((block) => block.block_id === ALARM_ACTIONS_BLOCK)!
      .elements!.find((element) => element.action_id === MUTE_HOUR_ACTION)!;
    const payload = {
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      channel: { id: world.slack.channelId },
      message: { ts: world.slack.tsOf(message), text: message.body.text, blocks },
      trigger_id: '777.888.replayed',
      response_url: RESPONSE_URL,
      actions: [{ action_id: MUTE_HOUR_ACTION, value: button.value, action_ts: String(T0 / 1000) }],
    };
    expect((await world.sendPayload(payload)).status).toBe(200);
    await world.deps.mutes!.unmute('TcuHigh');
    expect((await world.sendPayload(payload)).status).toBe(200);
    expect(world.slack.updates).toHaveLength(1);
    expect(await world.deps.mutes!.mutedAt('TcuHigh', world.clock.now())).toBeUndefined();
  });

  it('refuses a click from someone not on the allowlist, privately, and changes nothing', async () => {
    const world = setup({ allowed: 'slack:U0SOMEONE' });
    await world.postAlarm(alarmAt('ALARM', T0));
    const response = await world.click(world.slack.posts[0]!, MUTE_HOUR_ACTION, 'U0MALLORY');
    expect(response.status).toBe(200);
    expect(world.slack.updates).toHaveLength(0);
    expect(await world.deps.mutes!.mutedAt('TcuHigh', world.clock.now())).toBeUndefined();
    expect(world.responses).toEqual([
      {
        response_type: 'ephemeral',
        replace_original: false,
        text: '<@U0MALLORY> is not on the allowlist (ALLOWED_USERS): alarms cannot be acknowledged or muted.',
      },
    ]);
  });

  it('posts the recovery once even when the original cannot be updated (the update is not a send)', async () => {
    const world = setup({ updateReplies: [{ ok: false, error: 'message_not_found' }] });
    await world.postAlarm(alarmAt('ALARM', T0));
    const answer = await world.postAlarm(alarmAt('OK', T0 + 5 * 60_000));
    expect(answer.status).toBe(200);
    expect(world.slack.posts).toHaveLength(2);
    expect(world.slack.posts[1]!.body.thread_ts).toBe('1748426401.000101');
    expect(world.slack.updates).toHaveLength(1);
    // The episode ended all the same: the next recovery is not threaded to the old message.
    await world.postAlarm(alarmAt('OK', T0 + 9 * 60_000));
    expect(world.slack.posts[2]!.body.thread_ts).toBeUndefined();
  });

  it('answers 400 to a payload that is not ours or is malformed, 200 to a link button', async () => {
    const world = setup();
    const send = world.sendPayload;
    const base = {
      type: 'block_actions',
      user: { id: 'U0ALICE' },
      channel: { id: 'C0123ALERTS' },
      message: { ts: '1.2', text: 'x', blocks: [] },
    };
    expect((await send({ ...base, actions: [{ action_id: 'open-console', value: undefined }] })).status).toBe(200);
    const bad = await send({ ...base, actions: [{ action_id: ACKNOWLEDGE_ACTION, value: 'not json' }] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("the button's value names no alarm");
    expect((await send({ ...base, actions: [] })).status).toBe(400);
    expect((await send({ type: 'block_actions' })).status).toBe(400);
  });
});

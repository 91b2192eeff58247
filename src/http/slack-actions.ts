/**
 * The buttons on an alarm's Slack message, clicked: Slack posts a `block_actions` payload (form field
 * `payload`, signature already checked by the route) to the app's Interactivity URL, which is the same
 * /slack/events. "Acknowledge" records who and when with the alarm's message (AlarmPosts); "Mute 1 h"
 * mutes the alarm by name (AlarmMutes: its repeats go to the digest, paging no one). Either way the
 * message is updated to say so — chat.update with the bot token, else through the payload's
 * response_url. Only people on the allowlist may act; anyone else is told so, privately.
 *
 * A click counts once: its `trigger_id` is claimed in the shared state, so a replay of the signed
 * request within the signature's 5 minutes changes nothing (answered 200, so Slack shows no error).
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
import * as z from 'zod/mini';
import { MAX_MUTE_MS } from '../alarms/alarm-mutes.ts';
import type { AlarmMutes } from '../alarms/alarm-mutes.ts';
import { strings } from '../chat/i18n.ts';
import {
  ACKNOWLEDGE_ACTION,
  MUTE_HOUR_ACTION,
  parseButtonValue,
  withNote,
  type AlarmAction,
} from '../chat/slack/alarm-buttons.ts';
import { ALARM_POST_TTL_MS, type AlarmPosts } from '../chat/slack/alarm-posts.ts';
import type { SlackBlock } from '../chat/slack/render.ts';
import type { SlackBotClient } from '../chat/slack/send.ts';
import { timeoutSignal, type Clock } from '../shared/clock.ts';
import type { Locale } from '../shared/locale.ts';
import type { Logger } from '../shared/logger.ts';
import { formatInZone } from '../shared/time-format.ts';
import { describeIssues } from '../shared/zod-issues.ts';
import { SLACK_WINDOW_SECONDS } from '../chat/slack/verify.ts';

const HOUR_MS = 3600_000;

export interface SlackActionDeps {
  readonly posts: AlarmPosts;
  readonly mutes: AlarmMutes;
  /** chat.update; without a bot token the message is replaced through the payload's response_url. */
  readonly client: SlackBotClient | undefined;
  readonly isAllowed: (userId: string, channelId: string) => boolean;
  /** True the first time a key is seen until `untilMs` (the delivery store's atomic claim). */
  readonly firstUse: (key: string, untilMs: number) => Promise<boolean>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

/** The fields of a block_actions payload this reads. */
export const blockActionsPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().check(z.minLength(1)) }),
  channel: z.optional(z.object({ id: z.string().check(z.minLength(1)) })),
  message: z.optional(
    z.object({
      ts: z.string().check(z.minLength(1)),
      text: z.optional(z.string()),
      blocks: z.optional(z.array(z.record(z.string(), z.unknown()))),
    }),
  ),
  response_url: z.optional(z.url({ protocol: /^https$/, hostname: /^hooks\.slack\.com$/ })),
  /** One per click. */
  trigger_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.optional(z.string()),
        action_ts: z.optional(z.string().check(z.regex(/^\d{1,12}(\.\d{1,9})?$/))),
      }),
    )
    .check(z.minLength(1)),
});

export type ActionOutcome =
  | { readonly status: 200; readonly done: 'acknowledged' | 'muted' | 'refused' | 'ignored' | 'replayed' }
  | { readonly status: 400; readonly reason: string };

export async function handleBlockActions(body: unknown, deps: SlackActionDeps): Promise<ActionOutcome> {
  const parsed = blockActionsPayload.safeParse(body);
  if (!parsed.success)
    return { status: 400, reason: `not a block_actions payload: ${describeIssues(parsed.error).join('; ')}` };
  const payload = parsed.data;
  // A link button (the console, the graph) also sends a payload: nothing to do.
  const action = payload.actions.find(
    (candidate): candidate is typeof candidate & { action_id: AlarmAction } =>
      candidate.action_id === ACKNOWLEDGE_ACTION || candidate.action_id === MUTE_HOUR_ACTION,
  );
  if (!action) return { status: 200, done: 'ignored' };
  const alarm = parseButtonValue(action.value ?? '');
  if (!alarm) return { status: 400, reason: `${action.action_id}: the button's value names no alarm` };
  const { message, channel, user } = payload;
  if (!message || !channel) return { status: 400, reason: `${action.action_id}: the payload names no message` };
  if (!payload.trigger_id) return { status: 400, reason: `${action.action_id}: the payload has no trigger_id` };
  if (
    !(await deps.firstUse(`slack-action|${payload.trigger_id}`, deps.clock.now() + 2 * SLACK_WINDOW_SECONDS * 1000))
  ) {
    deps.logger.warn('slack action refused', { reason: 'trigger_id used before (replayed)' });
    return { status: 200, done: 'replayed' };
  }

  const t = strings(deps.locale);
  const who = `<@${user.id}>`;
  if (!deps.isAllowed(user.id, channel.id)) {
    deps.logger.warn('slack action refused', { user: `slack:${user.id}`, action: action.action_id });
    await respond(deps, payload.response_url, {
      response_type: 'ephemeral',
      replace_original: false,
      text: t.notAllowedToAct(who),
    });
    return { status: 200, done: 'refused' };
  }
  const atMs = actionTime(action.action_ts, deps.clock.now());
  const by = `slack:${user.id}`;
  let note: string;
  if (action.action_id === MUTE_HOUR_ACTION) {
    const untilMs = atMs + Math.min(HOUR_MS, MAX_MUTE_MS);
    await deps.mutes.mute(alarm.name, { untilMs, by });
    note = t.mutedBy(who, formatInZone(untilMs, deps.timeZone));
  } else {
    note = t.acknowledgedBy(who, formatInZone(atMs, deps.timeZone));
  }
  const blocks = withNote(message.blocks ?? [], note, action.action_id, deps.locale);
  const text = message.text ?? '';
  // What the message shows now, so the recovery updates this version; the acknowledgement is kept
  // with it. Only while the alarm's episode is open: a click on a message already resolved records nothing.
  const kept = await deps.posts.find(alarm.post, deps.clock.now());
  if (kept?.ts === message.ts) {
    const acknowledged = action.action_id === ACKNOWLEDGE_ACTION ? { by, atMs } : kept.acknowledged;
    await deps.posts.remember(
      alarm.post,
      { ...kept, text, blocks, ...(acknowledged ? { acknowledged } : {}) },
      deps.clock.now() + ALARM_POST_TTL_MS,
    );
  }
  await update(deps, { channel: channel.id, ts: message.ts, text, blocks }, payload.response_url);
  deps.logger.info('slack action', { user: by, action: action.action_id, alarm: alarm.name });
  return { status: 200, done: action.action_id === MUTE_HOUR_ACTION ? 'muted' : 'acknowledged' };
}

/** The click's own time (`action_ts`, seconds), held within the signature's window of now. */
function actionTime(actionTs: string | undefined, nowMs: number): number {
  const ms = actionTs === undefined ? nowMs : Math.round(Number(actionTs) * 1000);
  const windowMs = SLACK_WINDOW_SECONDS * 1000;
  return Math.min(nowMs, Math.max(nowMs - windowMs, ms));
}

async function update(
  deps: SlackActionDeps,
  change: { channel: string; ts: string; text: string; blocks: readonly SlackBlock[] },
  responseUrl: string | undefined,
): Promise<void> {
  if (deps.client) {
    const result = await deps.client.updateMessage(change);
    if (result.ok) return;
    deps.logger.warn('slack message not updated', { reason: result.reason });
  }
  await respond(deps, responseUrl, { replace_original: true, text: change.text, blocks: change.blocks });
}

/** A post to the payload's response_url (Slack's own host only: checked by the schema). */
async function respond(deps: SlackActionDeps, url: string | undefined, body: Record<string, unknown>): Promise<void> {
  if (!url) return;
  const timeout = timeoutSignal(deps.clock, deps.timeoutMs);
  try {
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: timeout.signal,
    });
    if (!response.ok) deps.logger.warn('slack response_url refused', { status: response.status });
  } catch (error) {
    deps.logger.warn('slack response_url unreachable', { error: error as Error });
  } finally {
    timeout.cancel();
  }
}

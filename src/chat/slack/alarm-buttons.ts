/**
 * The "Acknowledge" and "Mute 1 h" buttons on an alarm's Slack message, and the message's later looks:
 * a note line for what happened (acknowledged, muted, resolved), the used button gone. Slack posts a
 * `block_actions` payload to the app's Interactivity URL when one is clicked (http/slack-actions.ts).
 * https://docs.slack.dev/reference/block-kit/block-elements/button-element — `value` ≤ 2,000 chars.
 */
import * as z from 'zod/mini';
import type { Locale } from '../../shared/locale.ts';
import { parseExternalJson } from '../../shared/json.ts';
import { strings } from '../i18n.ts';
import type { SlackBlock } from './render.ts';

export const ALARM_ACTIONS_BLOCK = 'tcu_alarm_actions';
export const ACKNOWLEDGE_ACTION = 'tcu_alarm_acknowledge';
export const MUTE_HOUR_ACTION = 'tcu_alarm_mute_1h';
export type AlarmAction = typeof ACKNOWLEDGE_ACTION | typeof MUTE_HOUR_ACTION;

const MAX_VALUE_CHARS = 2000;

/**
 * How long updating a clicked message may take: Slack wants the click answered within 3 s
 * (bolt-js docs/english/concepts/acknowledge.md), and the state writes come first.
 */
export const SLACK_ACTION_TIMEOUT_MS = 2000;

/**
 * What a button carries: its message's AlarmPosts key (channel as configured, and the alarm's identity)
 * and the alarm's name (mutes are by name, as people type them).
 */
const buttonValue = z.object({ post: z.string().check(z.minLength(1)), name: z.string().check(z.minLength(1)) });
export type AlarmButtonValue = z.infer<typeof buttonValue>;

/** The buttons block, or none when the alarm's identity does not fit a button's value. */
export function alarmButtons(
  alarm: AlarmButtonValue,
  locale: Locale,
  offer: readonly AlarmAction[] = [ACKNOWLEDGE_ACTION, MUTE_HOUR_ACTION],
): SlackBlock | undefined {
  const value = JSON.stringify({ post: alarm.post, name: alarm.name });
  if (value.length > MAX_VALUE_CHARS || offer.length === 0) return undefined;
  const t = strings(locale);
  const label: Record<AlarmAction, string> = { [ACKNOWLEDGE_ACTION]: t.acknowledge, [MUTE_HOUR_ACTION]: t.muteOneHour };
  return {
    type: 'actions',
    block_id: ALARM_ACTIONS_BLOCK,
    elements: offer.map((action) => ({
      type: 'button',
      action_id: action,
      text: { type: 'plain_text', text: label[action] },
      value,
      ...(action === ACKNOWLEDGE_ACTION ? { style: 'primary' } : {}),
    })),
  };
}

export function parseButtonValue(value: string): AlarmButtonValue | undefined {
  let parsed: unknown;
  try {
    parsed = parseExternalJson(value);
  } catch {
    return undefined;
  }
  const result = buttonValue.safeParse(parsed);
  return result.success ? result.data : undefined;
}

/**
 * The message's blocks with a note line added above the buttons, and the buttons left to offer:
 * `spent` goes (an acknowledged alarm needs no second one), `'all'` takes every button away (resolved).
 */
export function withNote(
  blocks: readonly SlackBlock[],
  note: string,
  spent: AlarmAction | 'all',
  locale: Locale,
): SlackBlock[] {
  const ours = blocks.find((block) => block.block_id === ALARM_ACTIONS_BLOCK);
  const rest = blocks.filter((block) => block !== ours);
  const noteBlock: SlackBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: note }] };
  if (!ours || spent === 'all') return [...rest, noteBlock];
  const elements = (ours.elements as readonly { action_id?: string; value?: string }[] | undefined) ?? [];
  const left = elements
    .map((element) => element.action_id)
    .filter((action): action is AlarmAction => action === ACKNOWLEDGE_ACTION || action === MUTE_HOUR_ACTION)
    .filter((action) => action !== spent);
  const alarm = parseButtonValue(elements[0]?.value ?? '');
  const buttons = alarm ? alarmButtons(alarm, locale, left) : undefined;
  return [...rest, noteBlock, ...(buttons ? [buttons] : [])];
}

/**
 * `/mute <alarm> <duration>` and `/unmute <alarm>`: for the allowlisted, so a handled alarm stops
 * paging everyone while it flaps. A mute never drops a message and pages no one: the alarm's repeats
 * go into the digest, its recovery posts and says who muted it until when; it ends by itself after at
 * most MAX_MUTE_MS.
 */
import { plainNotice, type Notice } from '../chat/notice.ts';
import { MAX_MUTE_MS, MIN_MUTE_MS, type AlarmMutes } from '../alarms/alarm-mutes.ts';
import { parseDuration } from '../lab/loadtest/config.ts';
import type { Clock } from '../shared/clock.ts';
import type { Locale } from '../shared/locale.ts';
import { formatInZone } from '../shared/time-format.ts';

const WORDS = {
  en: {
    muted: (name: string, until: string) => `🔕 ${name} is muted until ${until}`,
    mutedWhy: 'Its messages still post, and say so, but page no one. /unmute ends it sooner.',
    unmuted: (name: string) => `🔔 ${name} pages again`,
    notMuted: (name: string) => `${name} was not muted`,
    usage: (max: number) =>
      `Give the alarm's name, then how long, with its unit: /mute TimestreamQueryTCUHigh 1h (at most ${max}h).`,
    badDuration: (text: string, max: number) => `${text} is not a duration from 1m to ${max}h`,
    noStore: 'This deployment keeps no mutes.',
  },
  'zh-CN': {
    muted: (name: string, until: string) => `🔕 ${name} 已静音至 ${until}`,
    mutedWhy: '其消息照常发送并注明已静音，但不 @ 任何人。/unmute 可提前结束。',
    unmuted: (name: string) => `🔔 ${name} 恢复通知`,
    notMuted: (name: string) => `${name} 未被静音`,
    usage: (max: number) => `请给出告警名称和带单位的时长：/mute TimestreamQueryTCUHigh 1h（最长 ${max} 小时）。`,
    badDuration: (text: string, max: number) => `${text} 不是 1m 到 ${max}h 之间的时长`,
    noStore: '此部署不保存静音设置。',
  },
} satisfies Record<Locale, unknown>;

type Answer = (locale: Locale) => Notice;

function answer(
  severity: Notice['severity'],
  title: (locale: Locale) => string,
  lines: (locale: Locale) => string[] = () => [],
): Answer {
  return (locale) =>
    plainNotice({
      severity,
      title: title(locale),
      sections: lines(locale).length > 0 ? [{ heading: '', lines: lines(locale) }] : [],
    });
}

export interface MuteDeps {
  readonly mutes?: AlarmMutes | undefined;
  readonly clock: Clock;
  readonly timeZone: string;
}

const MAX_HOURS = MAX_MUTE_MS / 3600_000;

/** `<alarm name, spaces allowed> <duration>`. */
export async function muteAnswer(text: string, by: string, deps: MuteDeps): Promise<Answer> {
  if (!deps.mutes) return answer('warning', (locale) => WORDS[locale].noStore);
  const words = text.trim().split(/\s+/);
  const durationText = words.at(-1) ?? '';
  const name = words.slice(0, -1).join(' ');
  if (name === '') return answer('warning', (locale) => WORDS[locale].usage(MAX_HOURS));
  const ms = parseDuration(durationText);
  if (ms === undefined || ms < MIN_MUTE_MS || ms > MAX_MUTE_MS)
    return answer(
      'warning',
      (locale) => WORDS[locale].badDuration(durationText, MAX_HOURS),
      (locale) => [WORDS[locale].usage(MAX_HOURS)],
    );
  const untilMs = deps.clock.now() + ms;
  await deps.mutes.mute(name, { untilMs, by });
  return answer(
    'info',
    (locale) => WORDS[locale].muted(name, formatInZone(untilMs, deps.timeZone)),
    (locale) => [WORDS[locale].mutedWhy],
  );
}

export async function unmuteAnswer(text: string, deps: MuteDeps): Promise<Answer> {
  if (!deps.mutes) return answer('warning', (locale) => WORDS[locale].noStore);
  const name = text.trim();
  const was = await deps.mutes.unmute(name);
  return answer('info', (locale) => (was ? WORDS[locale].unmuted(name) : WORDS[locale].notMuted(name)));
}

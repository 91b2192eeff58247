/**
 * `tcu-bot alarm render <file|-> [--to dingtalk|slack] [--locale zh-CN|en]`: prints the exact request
 * body each destination kind would receive for an alarm payload. Destination settings (mentions,
 * Slack channel) come from the configured destinations when there are any.
 */
import { readFileSync } from 'node:fs';
import { noticeFor } from '../alarms/alarm-notice.ts';
import { PayloadError, parseAlarmPayload, type InboundNotification } from '../alarms/inbound.ts';
import type { Destination } from '../chat/destination.ts';
import { DingTalkRobot } from '../chat/dingtalk/send.ts';
import { SlackWebhook } from '../chat/slack/send.ts';
import type { Config } from '../config.ts';
import { LOCALES, type Locale } from '../shared/locale.ts';
import { buildDestinations } from '../deps.ts';
import { systemClock } from '../shared/clock.ts';
import { noticeText } from './notice-text.ts';
import { choice, UsageError } from './usage-error.ts';

const KINDS = ['dingtalk', 'slack'] as const;
type Kind = (typeof KINDS)[number];

export interface AlarmRenderArgs {
  readonly file: string;
  readonly to: Kind | undefined;
  readonly locale: Locale | undefined;
  /** `--text`: the message as it reads, not the request body. */
  readonly asText: boolean;
}

export function parseAlarmRenderArgs(
  positionals: readonly string[],
  values: { to?: string; locale?: string; text?: boolean },
): AlarmRenderArgs {
  const [file] = positionals;
  if (!file) throw new UsageError('alarm render needs a file (or - for standard input)');
  return {
    file,
    to: choice('to', values.to, KINDS),
    locale: choice('locale', values.locale, LOCALES),
    asText: values.text === true,
  };
}

/** Returns the text to print: one body for `--to` and one alarm, else JSON keyed by destination kind. */
export function renderAlarmFile(args: AlarmRenderArgs, config: Config): string {
  let text: string;
  try {
    text = readFileSync(args.file === '-' ? 0 : args.file, 'utf8');
  } catch (error) {
    throw new PayloadError(
      `cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const inbound = parseAlarmPayload(text);
  const kinds = args.to ? [args.to] : KINDS;
  if (args.asText) {
    // The message as a person reads it, per destination kind in its language: no JSON to squint at.
    return kinds
      .map((kind) => {
        const destination = destinationFor(kind, config);
        const locale = args.locale ?? destination.locale;
        const texts = inbound.map((item) => noticeText(noticeFor(item, { locale, timeZone: config.displayTimeZone })));
        return [`── ${kind} (${locale}) ──`, ...texts].join('\n\n');
      })
      .join('\n\n');
  }
  const bodiesByKind = Object.fromEntries(
    kinds.map((kind) => {
      const destination = destinationFor(kind, config);
      const bodies = inbound.flatMap((item) =>
        renderFor(destination, item, args.locale ?? destination.locale, config.displayTimeZone),
      );
      return [kind, bodies.length === 1 ? bodies[0] : bodies];
    }),
  );
  return JSON.stringify(args.to ? bodiesByKind[args.to] : bodiesByKind, null, 2);
}

function renderFor(
  destination: Destination,
  inbound: InboundNotification,
  locale: Locale,
  timeZone: string,
): unknown[] {
  const notice = noticeFor(inbound, { locale, timeZone });
  return destination.render(notice, `${destination.id}|${inbound.id}`).map((message) => message.body);
}

/** The first configured destination of the kind, else a placeholder with the platform defaults. */
function destinationFor(kind: Kind, config: Config): Destination {
  const configured = buildDestinations(config, systemClock, fetch).find((destination) => destination.kind === kind);
  if (configured) return configured;
  const common = {
    name: 'example',
    timeoutMs: 1,
    clock: systemClock,
    rate: { limit: 1, windowMs: 1, soloLimit: 1, digestMaxEntries: 1 },
  };
  return kind === 'dingtalk'
    ? new DingTalkRobot({
        ...common,
        webhookUrl: 'https://oapi.dingtalk.com/robot/send',
        secret: undefined,
        locale: 'zh-CN',
        mentions: undefined,
      })
    : new SlackWebhook({ ...common, webhookUrl: 'https://hooks.slack.com/services/example', locale: 'en' });
}

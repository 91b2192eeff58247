/**
 * POST /slack/events — slash commands, the buttons on alarm messages (slack-actions.ts), and the
 * Events API's url_verification. The signature is checked
 * over the raw body before anything is parsed (Bolt's verifier, 5-minute window); then Bolt, loaded on
 * the first request so other routes never pay for it, routes the command through an App with a no-op
 * receiver: the route builds the event, awaits `processEvent`, and answers with what the listener acked
 * (the `Receiver` contract of bolt-js, src/types/receiver.ts). Long work acks "started" and reports later.
 */
import { parseExternalJson } from '../shared/json.ts';
import type { App } from '@slack/bolt';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { renderSlackMessage } from '../chat/slack/render.ts';
import { verifySlack } from '../chat/slack/verify.ts';
import type { Caller, CommandRunner } from '../commands/run-command.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { problem } from './problem.ts';
import { handleBlockActions, type SlackActionDeps } from './slack-actions.ts';
import * as z from 'zod/mini';
import { describeIssues } from '../shared/zod-issues.ts';
import type { Locale } from '../shared/locale.ts';

/** Slack accepts posts to a command's response_url for 30 minutes. */
const SLACK_RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export interface SlackRouteDeps {
  readonly signingSecret: string;
  readonly botToken: string | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly runCommand: CommandRunner;
  /** The language answers are composed in (SLACK_LOCALE, English by default). */
  readonly locale: Locale;
  /** The buttons on alarm messages (block_actions payloads); without them such payloads are refused. */
  readonly actions?: SlackActionDeps | undefined;
}

const COMMANDS = /^\/(tcu|setup|datagen|loadtest|optimize|cost)$/;

async function createBolt(deps: SlackRouteDeps): Promise<App> {
  const bolt = await import('@slack/bolt');
  // Bolt is CommonJS: in a bundle split into chunks (deploy/build.mjs) its dynamic import has only
  // `default`, the module's exports object.
  const { App, LogLevel } =
    typeof bolt.App === 'function' ? bolt : (bolt as unknown as { default: typeof bolt }).default;
  const app = new App({
    receiver: { init: () => undefined, start: () => Promise.resolve(), stop: () => Promise.resolve() },
    // Given up front so Bolt never calls auth.test; commands do not use the Web API through Bolt.
    token: deps.botToken ?? 'xoxb-not-configured',
    botId: 'B00TCUBOT',
    botUserId: 'U00TCUBOT',
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
  });
  app.command(COMMANDS, async ({ command, ack }) => {
    const caller: Caller = {
      platform: 'slack',
      userId: command.user_id,
      conversationId: command.channel_id,
      // A retried slash command carries the same trigger_id: it must not start a second job.
      requestId: command.trigger_id,
      replyTo: {
        kind: 'slack-response-url',
        url: command.response_url,
        expiresAtMs: deps.clock.now() + SLACK_RESPONSE_URL_LIFETIME_MS,
        channelId: command.channel_id,
      },
    };
    const notice = (await deps.runCommand(`${command.command} ${command.text}`, caller))(deps.locale);
    const message = renderSlackMessage(notice, deps.locale);
    await ack({ response_type: 'in_channel', text: message.text, blocks: message.blocks as never });
  });
  return app;
}

/** The form or JSON body as an object; anything else (`payload=null`, a bare number) is malformed. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  const form = Object.fromEntries(new URLSearchParams(raw));
  // Interactivity wraps its JSON in a `payload` field.
  const value = contentType?.includes('application/json')
    ? parseExternalJson(raw)
    : typeof form.payload === 'string'
      ? parseExternalJson(form.payload)
      : form;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not an object');
  return value as Record<string, unknown>;
}

/** The fields of a slash command the route reads; without them Bolt would be handed half a command. */
const slashCommand = z.object({
  command: z.string().check(z.regex(COMMANDS)),
  text: z.optional(z.string()),
  user_id: z.string().check(z.minLength(1)),
  channel_id: z.string().check(z.minLength(1)),
  trigger_id: z.string().check(z.minLength(1)),
  response_url: z.url(),
});

export function slackRoute(deps: SlackRouteDeps): Hono {
  const route = new Hono();
  let bolt: Promise<App> | undefined;
  route.post(
    '/',
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => problem(c, 413, 'too_large', 'body over 64 KB') }),
    async (c) => {
      const raw = await c.req.text();
      if (new URLSearchParams(raw).get('ssl_check') === '1') return c.body(null, 200);
      const verdict = verifySlack({
        rawBody: raw,
        signature: c.req.header('x-slack-signature'),
        timestamp: c.req.header('x-slack-request-timestamp'),
        signingSecret: deps.signingSecret,
        nowMs: deps.clock.now(),
      });
      if (!verdict.ok) {
        deps.logger.warn('slack request refused', { reason: verdict.reason });
        return problem(c, 401, 'unauthorized', verdict.reason);
      }
      let body: Record<string, unknown>;
      try {
        body = parseBody(raw, c.req.header('content-type'));
      } catch {
        return problem(c, 400, 'malformed', 'body is not valid form data or JSON');
      }
      if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
      if (body.type === 'block_actions') {
        if (!deps.actions) return problem(c, 400, 'unsupported', 'alarm buttons are not set up on this bot');
        const outcome = await handleBlockActions(body, deps.actions);
        return outcome.status === 200 ? c.body(null, 200) : problem(c, 400, 'malformed', outcome.reason);
      }
      const command = slashCommand.safeParse(body);
      if (!command.success)
        return problem(
          c,
          400,
          'unsupported',
          `only the slash commands ${COMMANDS.source} are handled here: ${describeIssues(command.error).join('; ')}`,
        );
      const app = await (bolt ??= createBolt(deps));
      let acked: { value: unknown } | undefined;
      const retryNum = Number(c.req.header('x-slack-retry-num'));
      await app.processEvent({
        body,
        ack: (response?: unknown) => {
          acked = { value: response ?? '' };
          return Promise.resolve();
        },
        ...(Number.isInteger(retryNum) ? { retryNum, retryReason: c.req.header('x-slack-retry-reason') } : {}),
      });
      if (!acked) return c.body(null, 404);
      return typeof acked.value === 'string' ? c.text(acked.value) : c.json(acked.value);
    },
  );
  return route;
}

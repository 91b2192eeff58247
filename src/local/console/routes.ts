/**
 * The console page's routes (local mode only, on 127.0.0.1): the page, its script, a server-sent
 * event stream of everything it shows, commands typed as a chosen user, and the sample-alarm buttons.
 * Writes carry the page's per-run token in `x-console-token` and the Host must be this loopback
 * address, so another web page the browser has open (or a DNS rebinding) cannot drive the bot.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod/mini';
import type { Caller, CommandRunner } from '../../commands/run-command.ts';
import { problem } from '../../http/problem.ts';
import type { PlatformLocales } from '../../shared/locale.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import '../../shared/zod.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import type { ConsoleEvent, ConsoleHub } from './hub.ts';
import { consolePage } from './page.ts';
import { renderForPage } from './page-destination.ts';

export interface ConsoleRouteDeps {
  readonly hub: ConsoleHub;
  /** The languages of the DingTalk and Slack panes. */
  readonly locales: PlatformLocales;
  /** Random per run; the page gets it inline. */
  readonly token: string;
  readonly clientScript: string;
  /** Users offered on the page (the allowlist decides what each may run). */
  readonly users: readonly string[];
  readonly runCommand: CommandRunner | undefined;
  /** Sends the sample alarm (or a storm of them) through the alarm function's path. */
  readonly fireAlarm: (kind: 'single' | 'storm') => Promise<void>;
  /** Starts `lab story` on the page; false when one is already running. */
  readonly startStory: () => boolean;
  readonly clock: Clock;
  readonly logger: Logger;
}

const commandSchema = z.object({
  text: z.string().check(z.minLength(1), z.maxLength(2000)),
  user: z.string().check(z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ - (max 64)')),
});
const alarmSchema = z.object({ kind: z.enum(['single', 'storm']) });

function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(host);
}

export function consoleRoutes(deps: ConsoleRouteDeps): Hono {
  const route = new Hono();
  const authorised = (c: Context) =>
    isLoopbackHost(c.req.header('host')) && c.req.header('x-console-token') === deps.token;
  const readJson = async <T>(
    c: Context,
    schema: z.ZodMiniType<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; response: Response }> => {
    if (!authorised(c))
      return {
        ok: false,
        response: problem(c, 403, 'forbidden', 'console requests need the page token and a loopback Host'),
      };
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return { ok: false, response: problem(c, 400, 'malformed', 'body is not JSON') };
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      return { ok: false, response: problem(c, 400, 'invalid', describeIssues(parsed.error).join('; ')) };
    return { ok: true, value: parsed.data };
  };

  route.get('/', (c) =>
    isLoopbackHost(c.req.header('host'))
      ? c.html(consolePage(deps.token, deps.users))
      : problem(c, 403, 'forbidden', 'the console answers on its loopback address only'),
  );
  route.get('/favicon.ico', (c) => c.body(null, 204));
  route.get('/console/app.js', (c) =>
    c.body(deps.clientScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }),
  );

  route.get('/console/events', (c) => {
    if (!isLoopbackHost(c.req.header('host')) || c.req.query('token') !== deps.token)
      return problem(c, 403, 'forbidden', 'console requests need the page token and a loopback Host');
    return streamSSE(c, async (stream) => {
      const queue: ConsoleEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = deps.hub.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      while (!stream.aborted) {
        const event = queue.shift();
        if (event) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
          continue;
        }
        // A comment line every 15 s keeps proxies and the browser from dropping an idle stream.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 15_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });

  route.post('/console/command', async (c) => {
    const input = await readJson(c, commandSchema);
    if (!input.ok) return input.response;
    if (!deps.runCommand)
      return problem(c, 503, 'no_commands', 'commands need the Timestream endpoint (npm start sets it)');
    const { text, user } = input.value;
    deps.hub.publish({ type: 'command', at: deps.clock.now(), user, text });
    const caller: Caller = {
      platform: 'console',
      userId: user,
      conversationId: 'console',
      requestId: randomUUID(),
      replyTo: { kind: 'console', conversationId: 'console' },
    };
    const answer = await deps.runCommand(text, caller);
    // One run of the command, composed for each pane (zh-CN for DingTalk, English for Slack by default).
    const notice = answer(deps.locales.dingtalk);
    deps.hub.publish({
      type: 'message',
      at: deps.clock.now(),
      feed: 'replies',
      ...renderForPage(notice, deps.locales, answer),
    });
    return c.json({ ok: true, summary: notice.summary });
  });

  route.post('/console/alarm', async (c) => {
    const input = await readJson(c, alarmSchema);
    if (!input.ok) return input.response;
    // A storm's digests wait for the rate window: answer now, let the messages arrive on the stream.
    void deps
      .fireAlarm(input.value.kind)
      .catch((error: unknown) => deps.logger.error('sample alarm not delivered', { kind: input.value.kind, error }));
    return c.json({ ok: true, kind: input.value.kind }, 202);
  });

  route.post('/console/story', async (c) => {
    const input = await readJson(c, z.object({}));
    if (!input.ok) return input.response;
    if (!deps.startStory()) return problem(c, 409, 'busy', 'the story is already playing; its report arrives here');
    return c.json({ ok: true }, 202);
  });

  return route;
}

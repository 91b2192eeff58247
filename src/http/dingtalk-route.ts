/**
 * POST /dingtalk/events — the DingTalk enterprise robot's HTTP callback (an @-message in a group or a
 * 1:1 chat). The `timestamp`/`sign` headers are verified before anything is read; the text (mention
 * stripped, leading space trimmed), the sender's staff id, the conversation and its `sessionWebhook`
 * become a command. Quick answers go back in the response body; a job's progress and report follow
 * through the session webhook (https://open.dingtalk.com/document/isvapp/receive-message).
 */
import { parseExternalJson } from '../shared/json.ts';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { nonEmpty } from '../shared/zod.ts';
import { renderDingTalkMarkdown } from '../chat/dingtalk/render.ts';
import { verifyDingTalk } from '../chat/dingtalk/verify.ts';
import type { Notice } from '../chat/notice.ts';
import type { Caller, CommandRunner } from '../commands/run-command.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { describeIssues } from '../shared/zod-issues.ts';
import { problem } from './problem.ts';
import type { Locale } from '../shared/locale.ts';

const callbackSchema = z.object({
  msgtype: z.string(),
  text: z.optional(z.object({ content: z.string() })),
  msgId: nonEmpty(),
  conversationId: nonEmpty(),
  conversationType: z.optional(z.string()),
  senderId: z.optional(z.string()),
  senderStaffId: z.optional(z.string()),
  senderNick: z.optional(z.string()),
  sessionWebhook: nonEmpty(),
  sessionWebhookExpiredTime: z.number(),
});

export interface DingTalkRouteDeps {
  readonly appSecret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly runCommand: CommandRunner;
  /** The language answers are composed in (DINGTALK_LOCALE, zh-CN by default). */
  readonly locale: Locale;
}

export function dingTalkRoute(deps: DingTalkRouteDeps): Hono {
  const route = new Hono();
  route.post(
    '/',
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => problem(c, 413, 'too_large', 'body over 64 KB') }),
    async (c) => {
      const verdict = verifyDingTalk({
        timestamp: c.req.header('timestamp'),
        sign: c.req.header('sign'),
        appSecret: deps.appSecret,
        nowMs: deps.clock.now(),
      });
      if (!verdict.ok) {
        deps.logger.warn('dingtalk callback refused', { reason: verdict.reason });
        return problem(c, 401, 'unauthorized', verdict.reason);
      }
      let value: unknown;
      try {
        value = parseExternalJson(await c.req.text());
      } catch {
        return problem(c, 400, 'malformed', 'body is not JSON');
      }
      const parsed = callbackSchema.safeParse(value);
      if (!parsed.success) return problem(c, 400, 'malformed', describeIssues(parsed.error).join('; '));
      const message = parsed.data;
      const text = message.msgtype === 'text' ? (message.text?.content ?? '').trim() : '';
      const caller: Caller = {
        platform: 'dingtalk',
        userId: message.senderStaffId ?? message.senderId ?? 'unknown',
        conversationId: message.conversationId,
        requestId: message.msgId,
        replyTo: {
          kind: 'dingtalk-session',
          url: message.sessionWebhook,
          expiresAtMs: message.sessionWebhookExpiredTime,
          conversationId: message.conversationId,
        },
      };
      const notice = text === '' ? onlyText(deps.locale) : (await deps.runCommand(text, caller))(deps.locale);
      return c.json(renderDingTalkMarkdown(notice, { locale: deps.locale }));
    },
  );
  return route;
}

function onlyText(locale: Locale): Notice {
  const [summary, title] =
    locale === 'zh-CN'
      ? ['请发送文字命令', '请发送文字命令，例如 /tcu status']
      : ['Send a text command', 'Send a text command, e.g. /tcu status'];
  return {
    severity: 'info',
    state: undefined,
    summary,
    title,
    subject: undefined,
    facts: [],
    sections: [],
    links: [],
    footer: undefined,
  };
}

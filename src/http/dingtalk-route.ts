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
import { DINGTALK_WINDOW_MS, verifyDingTalk } from '../chat/dingtalk/verify.ts';
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

/** A store shared by every instance (the state table on Lambda) that says whether a key is used the first time. */
export type FirstUse = (key: string, untilMs: number) => Promise<boolean>;

/** A DingTalk retry of one message carries the same msgId; it is recognised for a day. */
const MESSAGE_MEMORY_MS = 24 * 3600_000;

export interface DingTalkRouteDeps {
  readonly appSecret: string;
  /** Each signed header pair and each msgId is accepted once. */
  readonly firstUse: FirstUse;
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
      // The signature covers the timestamp only: a pair seen before is a replay, whatever the body.
      const now = deps.clock.now();
      if (
        !(await deps.firstUse(
          `dingtalk-sign|${c.req.header('timestamp')}|${c.req.header('sign')}`,
          now + DINGTALK_WINDOW_MS,
        ))
      ) {
        deps.logger.warn('dingtalk callback refused', { reason: 'header pair used before' });
        return problem(c, 401, 'unauthorized', 'this timestamp/sign pair was used before (replayed)');
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
      if (!(await deps.firstUse(`dingtalk-msg|${message.msgId}`, now + MESSAGE_MEMORY_MS)))
        return c.json(renderDingTalkMarkdown(alreadyHandled(deps.locale, message.msgId), { locale: deps.locale }));
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

/** A one-line answer: a title and nothing else. */
function plainNotice(summary: string, title: string): Notice {
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

/** DingTalk retried a message already handled: answered, not run twice. */
function alreadyHandled(locale: Locale, msgId: string): Notice {
  return locale === 'zh-CN'
    ? plainNotice('该消息已处理', `该消息已处理（msgId ${msgId}），不会重复执行`)
    : plainNotice('Message already handled', `This message was already handled (msgId ${msgId}); it is not run twice`);
}

function onlyText(locale: Locale): Notice {
  return locale === 'zh-CN'
    ? plainNotice('请发送文字命令', '请发送文字命令，例如 /tcu status')
    : plainNotice('Send a text command', 'Send a text command, e.g. /tcu status');
}

/**
 * A message to the DingTalk enterprise robot (an @-message in a group, or a 1:1 chat), as both doors
 * deliver it: the HTTP callback (Lambda) and Stream mode (the local bot). The same body either way
 * (https://open.dingtalk.com/document/orgapp/receive-message): the text (mention stripped, leading
 * space trimmed), the sender's staff id, the conversation and its `sessionWebhook` become a command.
 * A message already handled (DingTalk retries by msgId) is answered, not run twice.
 */
import * as z from 'zod/mini';
import type { Caller, CommandRunner } from '../../commands/run-command.ts';
import type { ReplyAddress } from '../../jobs/job.ts';
import type { Locale } from '../../shared/locale.ts';
import { nonEmpty } from '../../shared/zod.ts';
import type { Notice } from '../notice.ts';

export const robotMessageSchema = z.object({
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
export type RobotMessage = z.infer<typeof robotMessageSchema>;

/** A store shared by every instance (the state table on Lambda) that says whether a key is used the first time. */
export type FirstUse = (key: string, untilMs: number) => Promise<boolean>;

/** A DingTalk retry of one message carries the same msgId; it is recognised for a day. */
const MESSAGE_MEMORY_MS = 24 * 3600_000;

export interface RobotMessageDeps {
  readonly firstUse: FirstUse;
  readonly runCommand: CommandRunner;
  /** The language answers are composed in (DINGTALK_LOCALE, zh-CN by default). */
  readonly locale: Locale;
}

/** Where answers to `message` go: its conversation's sessionWebhook, while it lasts. */
export function sessionAddress(message: RobotMessage): ReplyAddress {
  return {
    kind: 'dingtalk-session',
    url: message.sessionWebhook,
    expiresAtMs: message.sessionWebhookExpiredTime,
    conversationId: message.conversationId,
  };
}

/** Runs the message's command once and says what to answer. */
export async function answerRobotMessage(
  message: RobotMessage,
  nowMs: number,
  deps: RobotMessageDeps,
): Promise<Notice> {
  if (!(await deps.firstUse(`dingtalk-msg|${message.msgId}`, nowMs + MESSAGE_MEMORY_MS)))
    return alreadyHandled(deps.locale, message.msgId);
  const text = message.msgtype === 'text' ? (message.text?.content ?? '').trim() : '';
  if (text === '') return onlyText(deps.locale);
  const caller: Caller = {
    platform: 'dingtalk',
    userId: message.senderStaffId ?? message.senderId ?? 'unknown',
    conversationId: message.conversationId,
    requestId: message.msgId,
    replyTo: sessionAddress(message),
  };
  return (await deps.runCommand(text, caller))(deps.locale);
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

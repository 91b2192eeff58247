/**
 * DingTalk robot messages. Markdown: `{msgtype:'markdown', markdown:{title, text}, at, msgUuid}`;
 * ActionCard: `{msgtype:'actionCard', actionCard:{title, text, btnOrientation, btns:[{title, actionURL}]}}`
 * (https://open.dingtalk.com/document/orgapp/custom-robot-access — both take the same markdown text).
 * An alarm's links become ActionCard buttons, unless the message @-mentions someone: DingTalk
 * documents `at` for text and markdown only, and a page must never be lost to a card that ignores it.
 * https://open.dingtalk.com/document/orgapp/custom-robot-access — markdown supports headings, bold,
 * links and lists. A mention notifies only when the `@mobile`/`@userId` also appears in the text
 * (timonwong/prometheus-webhook-dingtalk #85), so the text ends with them.
 * The whole body must stay under 20,000 bytes (errcode 460101); we keep a margin.
 */
import type { MentionConfig } from '../../config.ts';
import type { Locale } from '../../shared/locale.ts';
import { renderToFit, utf8Bytes } from '../fit.ts';
import type { Notice } from '../notice.ts';

export const DINGTALK_MAX_BODY_BYTES = 20_000;
const BODY_BUDGET_BYTES = DINGTALK_MAX_BODY_BYTES - 500;

export type DingTalkMarkdownBody = {
  readonly msgtype: 'markdown';
  readonly markdown: { readonly title: string; readonly text: string };
  readonly at: { readonly atMobiles: string[]; readonly atUserIds: string[]; readonly isAtAll: boolean };
  /** DingTalk's idempotency key: the same value on every retry of one message. */
  readonly msgUuid?: string;
};

export type DingTalkActionCardBody = {
  readonly msgtype: 'actionCard';
  readonly actionCard: {
    readonly title: string;
    readonly text: string;
    /** '1': buttons side by side (two or fewer), '0': stacked. */
    readonly btnOrientation: '0' | '1';
    readonly btns: readonly { readonly title: string; readonly actionURL: string }[];
  };
  readonly msgUuid?: string;
};

export type DingTalkRobotBody = DingTalkMarkdownBody | DingTalkActionCardBody;

/** A card holds a few buttons; more links stay in the text. */
const MAX_BUTTONS = 5;

export interface DingTalkRenderOptions {
  readonly locale: Locale;
  readonly mentions?: MentionConfig | undefined;
  readonly msgUuid?: string;
}

/** The markdown message, links in its text (also what a terminal or a reply shows). */
export function renderDingTalkMarkdown(notice: Notice, options: DingTalkRenderOptions): DingTalkMarkdownBody {
  return renderToFit(
    notice,
    (candidate) => build(candidate, options),
    (body) => bodyBytes(body) <= BODY_BUDGET_BYTES,
    options.locale,
  );
}

/** What a robot is sent: an ActionCard holding the links as buttons, or markdown when it mentions someone. */
export function renderDingTalkMessage(notice: Notice, options: DingTalkRenderOptions): DingTalkRobotBody {
  if (notice.links.length === 0 || mentionFor(notice, options)) return renderDingTalkMarkdown(notice, options);
  return renderToFit(
    notice,
    (candidate) => buildCard(candidate, options),
    (body) => bodyBytes(body) <= BODY_BUDGET_BYTES,
    options.locale,
  );
}

/** What a robot message shows: its title and markdown text, and an ActionCard's buttons. */
export interface DingTalkView {
  readonly title: string;
  readonly text: string;
  readonly buttons?: readonly { readonly title: string; readonly url: string }[];
}

export function dingTalkView(body: DingTalkRobotBody): DingTalkView {
  if (body.msgtype === 'markdown') return body.markdown;
  const { title, text, btns } = body.actionCard;
  return { title, text, buttons: btns.map((button) => ({ title: button.title, url: button.actionURL })) };
}

/** Whether the notice renders without being shrunk (a digest that does not fit is split instead). */
export function dingTalkFitsWhole(notice: Notice, options: DingTalkRenderOptions): boolean {
  return bodyBytes(build(notice, options)) <= BODY_BUDGET_BYTES;
}

function mentionFor(notice: Notice, options: DingTalkRenderOptions): MentionConfig | undefined {
  return options.mentions && notice.state && !notice.quiet && options.mentions.onStates.includes(notice.state)
    ? options.mentions
    : undefined;
}

function buildCard(notice: Notice, options: DingTalkRenderOptions): DingTalkActionCardBody {
  const buttons = notice.links.slice(0, MAX_BUTTONS);
  const markdown = build({ ...notice, links: notice.links.slice(MAX_BUTTONS) }, options);
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: markdown.markdown.title,
      text: markdown.markdown.text,
      btnOrientation: buttons.length <= 2 ? '1' : '0',
      btns: buttons.map((link) => ({ title: oneLine(link.label), actionURL: link.url })),
    },
    ...(options.msgUuid ? { msgUuid: options.msgUuid } : {}),
  };
}

function build(notice: Notice, options: DingTalkRenderOptions): DingTalkMarkdownBody {
  const mention = mentionFor(notice, options);
  const blocks: string[] = [`### ${notice.title}`];
  if (notice.subject) blocks.push(`**${oneLine(notice.subject)}**`);
  if (notice.image) blocks.push(`![${oneLine(notice.image.alt)}](${notice.image.url})`);
  if (notice.facts.length > 0)
    blocks.push(notice.facts.map((fact) => `- **${fact.label}**: ${oneLine(fact.value)}`).join('\n'));
  for (const section of notice.sections) {
    const lines = section.lines.map((line, index) =>
      section.isOrdered ? `${index + 1}. ${oneLine(line)}` : `- ${oneLine(line)}`,
    );
    blocks.push(section.heading ? `**${section.heading}**\n\n${lines.join('\n')}` : lines.join('\n'));
  }
  if (notice.links.length > 0) blocks.push(notice.links.map((link) => `[${link.label}](${link.url})`).join(' · '));
  if (notice.footer) blocks.push(`> ${oneLine(notice.footer)}`);
  const at = {
    atMobiles: mention ? [...mention.atMobiles] : [],
    atUserIds: mention ? [...mention.atUserIds] : [],
    isAtAll: mention?.isAtAll ?? false,
  };
  const mentionText = [...at.atMobiles, ...at.atUserIds].map((who) => `@${who}`).join(' ');
  if (mentionText) blocks.push(mentionText);
  return {
    msgtype: 'markdown',
    markdown: { title: oneLine(notice.summary).slice(0, 100), text: blocks.join('\n\n') },
    at,
    ...(options.msgUuid ? { msgUuid: options.msgUuid } : {}),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function bodyBytes(body: unknown): number {
  return utf8Bytes(JSON.stringify(body));
}

/**
 * DingTalk robot markdown message: `{msgtype:'markdown', markdown:{title, text}, at, msgUuid}`.
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

export interface DingTalkRenderOptions {
  readonly locale: Locale;
  readonly mentions?: MentionConfig | undefined;
  readonly msgUuid?: string;
}

export function renderDingTalkMarkdown(notice: Notice, options: DingTalkRenderOptions): DingTalkMarkdownBody {
  return renderToFit(
    notice,
    (candidate) => build(candidate, options),
    (body) => bodyBytes(body) <= BODY_BUDGET_BYTES,
    options.locale,
  );
}

/** Whether the notice renders without being shrunk (a digest that does not fit is split instead). */
export function dingTalkFitsWhole(notice: Notice, options: DingTalkRenderOptions): boolean {
  return bodyBytes(build(notice, options)) <= BODY_BUDGET_BYTES;
}

function build(notice: Notice, options: DingTalkRenderOptions): DingTalkMarkdownBody {
  const mention =
    options.mentions && notice.state && !notice.quiet && options.mentions.onStates.includes(notice.state)
      ? options.mentions
      : undefined;
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

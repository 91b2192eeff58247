/**
 * Slack Block Kit: header, the short facts as section fields, long text as its own sections, next
 * steps, a context line and a console button. `text` is the notification/fallback line.
 * Limits (https://docs.slack.dev/reference/block-kit/blocks): header 150 chars, section text 3,000,
 * 10 fields of 2,000, 50 blocks; messages past ~13,000 chars of blocks fail with msg_blocks_too_long
 * (slackapi/bolt-js #2509), so the whole payload is kept under 12,000.
 */
import type { Locale } from '../../shared/locale.ts';
import { renderToFit, truncateText } from '../fit.ts';
import { strings } from '../i18n.ts';
import type { Notice } from '../notice.ts';

const MAX_PAYLOAD_CHARS = 12_000;
const MAX_SECTION_CHARS = 3000;
const MAX_FIELD_CHARS = 2000;
const MAX_FIELDS = 10;

export type SlackBlock = Readonly<Record<string, unknown>>;
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** `&`, `<` and `>` are control characters in Slack mrkdwn (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const fits = (message: SlackMessage) =>
  JSON.stringify(message).length <= MAX_PAYLOAD_CHARS && message.blocks.every(withinBlockLimits);

export function renderSlackMessage(notice: Notice, locale: Locale): SlackMessage {
  return renderToFit(notice, (candidate) => build(candidate, locale), fits, locale);
}

/** Whether the notice renders without being shrunk (a digest that does not fit is split instead). */
export function slackFitsWhole(notice: Notice, locale: Locale): boolean {
  return fits(build(notice, locale));
}

function withinBlockLimits(block: SlackBlock): boolean {
  const text = (block.text as { text?: string } | undefined)?.text;
  return text === undefined || text.length <= (block.type === 'header' ? 150 : MAX_SECTION_CHARS);
}

function build(notice: Notice, locale: Locale): SlackMessage {
  const marker = strings(locale).truncated;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncateText(notice.title, 150, '…'), emoji: true } },
  ];
  if (notice.subject) blocks.push(section(`*${escapeMrkdwn(notice.subject)}*`));
  // Slack fetches the image itself and refuses the whole message when it cannot: only a public
  // (https) address goes in an image block; a local one (the local bot's) becomes a link button.
  const image = notice.image && /^https:\/\//.test(notice.image.url) ? notice.image : undefined;
  if (image) blocks.push({ type: 'image', image_url: image.url, alt_text: truncateText(image.alt, 2000, '…') });

  const shortFacts = notice.facts.filter((fact) => !fact.isLong);
  for (let start = 0; start < shortFacts.length; start += MAX_FIELDS) {
    blocks.push({
      type: 'section',
      fields: shortFacts.slice(start, start + MAX_FIELDS).map((fact) => ({
        type: 'mrkdwn',
        text: truncateText(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`, MAX_FIELD_CHARS, marker),
      })),
    });
  }
  for (const fact of notice.facts.filter((item) => item.isLong)) {
    blocks.push(section(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`));
  }
  for (const part of notice.sections) {
    const lines = part.lines.map((line, index) => `${part.isOrdered ? `${index + 1}.` : '•'} ${escapeMrkdwn(line)}`);
    blocks.push(section(part.heading ? `*${escapeMrkdwn(part.heading)}*\n${lines.join('\n')}` : lines.join('\n')));
  }
  if (notice.footer)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncateText(escapeMrkdwn(notice.footer), MAX_SECTION_CHARS, marker) }],
    });
  const links = [
    ...notice.links,
    ...(notice.image && !image ? [{ label: notice.image.alt, url: notice.image.url }] : []),
  ];
  if (links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: links.slice(0, 5).map((link) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncateText(link.label, 75, '…') },
        url: link.url,
      })),
    });
  }
  return { text: notice.summary, blocks };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

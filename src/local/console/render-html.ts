/**
 * Chat messages drawn as HTML for the console page: DingTalk's markdown subset (headings, bold,
 * lists, links, quotes, tables, inline code) and Slack's Block Kit (header, section with fields,
 * context, divider, buttons) with Slack's mrkdwn. Pure string functions: every piece of text is
 * escaped first, and only http(s) links become anchors.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : undefined;
}

/** Inline DingTalk markdown on already-escaped text. */
function dingTalkInline(escaped: string): string {
  return escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_match, alt: string, url: string) => {
      const src = safeHref(url.replace(/&#38;/g, '&'));
      return src ? `<img class="md-image" src="${src}" alt="${alt}">` : alt;
    })
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_match, label: string, url: string) => {
      const href = safeHref(url.replace(/&#38;/g, '&'));
      return href ? `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
    });
}

/** An ActionCard's buttons, under its text. */
export function renderDingTalkButtons(buttons: readonly { readonly title: string; readonly url: string }[]): string {
  return `<div class="dt-buttons">${buttons
    .map((button) => {
      const href = safeHref(button.url);
      const label = escapeHtml(button.title);
      return href
        ? `<a class="dt-button" href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`
        : `<span class="dt-button">${label}</span>`;
    })
    .join('')}</div>`;
}

export function renderDingTalkMarkdown(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const escaped = escapeHtml(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(escaped);
    if (heading) {
      const level = Math.min(heading[1]!.length + 1, 6);
      out.push(`<h${level}>${dingTalkInline(heading[2]!)}</h${level}>`);
    } else if (/^\s*[-*]\s+/.test(line) || /^\s*\d+\.\s+/.test(line)) {
      const ordered = /^\s*\d+\.\s+/.test(line);
      const items: string[] = [];
      while (index < lines.length && (ordered ? /^\s*\d+\.\s+/ : /^\s*[-*]\s+/).test(lines[index]!)) {
        items.push(`<li>${dingTalkInline(escapeHtml(lines[index]!.replace(/^\s*([-*]|\d+\.)\s+/, '')))}</li>`);
        index += 1;
      }
      index -= 1;
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
    } else if (/^\s*\|/.test(line)) {
      const rows: string[][] = [];
      while (index < lines.length && /^\s*\|/.test(lines[index]!)) {
        const cells = lines[index]!.trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((cell) => cell.trim());
        if (!cells.every((cell) => /^:?-{2,}:?$/.test(cell))) rows.push(cells);
        index += 1;
      }
      index -= 1;
      const [head, ...body] = rows;
      const cell = (tag: string, text: string) => `<${tag}>${dingTalkInline(escapeHtml(text))}</${tag}>`;
      out.push(
        `<table><thead><tr>${(head ?? []).map((text) => cell('th', text)).join('')}</tr></thead><tbody>${body.map((row) => `<tr>${row.map((text) => cell('td', text)).join('')}</tr>`).join('')}</tbody></table>`,
      );
    } else if (/^&#62;\s?/.test(escaped)) {
      out.push(`<blockquote>${dingTalkInline(escaped.replace(/^&#62;\s?/, ''))}</blockquote>`);
    } else if (line.trim() !== '') {
      out.push(`<p>${dingTalkInline(escaped)}</p>`);
    }
  }
  return out.join('\n');
}

/** Slack mrkdwn on raw text: *bold*, _italic_, ~strike~, `code`, <url|label>, line breaks. */
export function renderMrkdwn(text: string): string {
  const links: string[] = [];
  const withoutLinks = text.replace(/<([^>|]+)(?:\|([^>]+))?>/g, (_match, url: string, label: string | undefined) => {
    const href = safeHref(url.replace(/&amp;/g, '&'));
    const shown = (label ?? url).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    links.push(
      href ? `<a href="${href}" target="_blank" rel="noopener noreferrer">${escapeHtml(shown)}</a>` : escapeHtml(shown),
    );
    return `\uE000${links.length - 1}\uE000`;
  });
  // Slack text arrives with &, < and > escaped as entities (Slack's own rule); show them as characters.
  const plain = withoutLinks.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return escapeHtml(plain)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<del>$2</del>')
    .replace(/\n/g, '<br>')
    .replace(/\uE000(\d+)\uE000/g, (_match, index: string) => links[Number(index)] ?? '');
}

interface TextObject {
  readonly type?: string;
  readonly text?: string;
}
interface Block {
  readonly type?: string;
  readonly text?: TextObject;
  readonly fields?: readonly TextObject[];
  readonly elements?: readonly (TextObject & { readonly url?: string })[];
}

function textObject(object: TextObject | undefined): string {
  if (!object?.text) return '';
  return object.type === 'mrkdwn' ? renderMrkdwn(object.text) : escapeHtml(object.text);
}

/** Block Kit as HTML; blocks the page does not know are shown by their type, never dropped silently. */
export function renderBlockKit(blocks: readonly unknown[] | undefined, fallbackText: string): string {
  if (!blocks || blocks.length === 0) return `<div class="bk-section">${renderMrkdwn(fallbackText)}</div>`;
  return (blocks as readonly Block[])
    .map((block) => {
      switch (block.type) {
        case 'header':
          return `<div class="bk-header">${textObject(block.text)}</div>`;
        case 'section': {
          const fields = block.fields?.length
            ? `<div class="bk-fields">${block.fields.map((field) => `<div>${textObject(field)}</div>`).join('')}</div>`
            : '';
          return `<div class="bk-section">${textObject(block.text)}${fields}</div>`;
        }
        case 'context':
          return `<div class="bk-context">${(block.elements ?? []).map((element) => `<span>${textObject(element)}</span>`).join(' ')}</div>`;
        case 'divider':
          return '<hr class="bk-divider">';
        case 'image': {
          const image = block as { image_url?: string; alt_text?: string };
          const src = image.image_url ? safeHref(image.image_url) : undefined;
          return src ? `<img class="bk-image" src="${src}" alt="${escapeHtml(image.alt_text ?? '')}">` : '';
        }
        case 'actions':
          return `<div class="bk-actions">${(block.elements ?? [])
            .map((element) => {
              const label = textObject((element as { text?: TextObject }).text);
              const href = element.url ? safeHref(element.url) : undefined;
              return href
                ? `<a class="bk-button" href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`
                : `<span class="bk-button">${label}</span>`;
            })
            .join('')}</div>`;
        default:
          return `<div class="bk-unknown">[${escapeHtml(String(block.type))} block]</div>`;
      }
    })
    .join('\n');
}

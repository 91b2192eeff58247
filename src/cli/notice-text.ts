/** A Notice as plain text for a terminal: title, one line per fact, each section, links, footer. */
import type { Notice } from '../chat/notice.ts';

export function noticeText(notice: Notice): string {
  const sections = notice.sections.flatMap((section) => [
    '',
    section.heading,
    ...section.lines.map((line, index) => (section.isOrdered ? `  ${index + 1}. ${line}` : `  - ${line}`)),
  ]);
  const links = notice.links.map((link) => `${link.label}: ${link.url}`);
  return [
    notice.title,
    '',
    ...notice.facts.map((fact) => `${fact.label}: ${fact.value}`),
    ...sections,
    ...(links.length > 0 ? ['', ...links] : []),
    '',
    notice.footer ?? '',
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}

/** A Notice as plain text for a terminal: title, one line per fact, footer. */
import type { Notice } from '../chat/notice.ts';

export function noticeText(notice: Notice): string {
  return [`${notice.title}`, '', ...notice.facts.map((fact) => `${fact.label}: ${fact.value}`), '', notice.footer ?? '']
    .join('\n')
    .trimEnd();
}

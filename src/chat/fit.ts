/**
 * Shrinks a notice until its rendering fits a platform limit (DingTalk 20,000 bytes, Slack block
 * limits), losing as little as possible: long free text (reasons, descriptions) first, then the tail of
 * long lists (with "… and N more"), never the facts that identify the alarm.
 */
import type { Locale } from '../shared/locale.ts';
import { strings } from './i18n.ts';
import type { Notice } from './notice.ts';

/** Cuts text to at most `maxChars` characters (code points, so no emoji is split) with a marker. */
export function truncateText(text: string, maxChars: number, marker: string): string {
  if (text.length <= maxChars) return text;
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const keep = Math.max(0, maxChars - Array.from(marker).length);
  return chars.slice(0, keep).join('') + marker;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

const MIN_LONG_CHARS = 120;

/**
 * Renders `notice`, shrinking it until `fits(rendering)`. Returns the rendering, so the common case
 * (it fits at once) renders exactly once.
 */
export function renderToFit<T>(
  notice: Notice,
  render: (candidate: Notice) => T,
  fits: (rendered: T) => boolean,
  locale: Locale,
): T {
  const first = render(notice);
  if (fits(first)) return first;
  return render(shrinkNotice(notice, (candidate) => fits(render(candidate)), locale));
}

function shrinkNotice(notice: Notice, fits: (candidate: Notice) => boolean, locale: Locale): Notice {
  const t = strings(locale);
  let current = notice;

  // 1. Halve the longest free-text fact until it fits or every long fact is short.
  for (;;) {
    const longest = current.facts
      .map((fact, index) => ({ index, length: fact.isLong ? fact.value.length : 0 }))
      .reduce((best, next) => (next.length > best.length ? next : best), { index: -1, length: 0 });
    if (longest.index < 0 || longest.length <= MIN_LONG_CHARS) break;
    const facts = current.facts.map((fact, index) =>
      index === longest.index
        ? {
            ...fact,
            value: truncateText(fact.value, Math.max(MIN_LONG_CHARS, Math.floor(longest.length / 2)), t.truncated),
          }
        : fact,
    );
    current = { ...current, facts };
    if (fits(current)) return current;
  }

  // 2. Keep the head of each long section, saying how many lines were left out (binary search).
  const totalLines = current.sections.reduce((sum, section) => sum + section.lines.length, 0);
  const withLines = (keep: number): Notice => {
    let budget = keep;
    return {
      ...current,
      sections: current.sections.map((section) => {
        if (section.lines.length <= budget) {
          budget -= section.lines.length;
          return section;
        }
        const kept = section.lines.slice(0, budget);
        budget = 0;
        return { ...section, lines: [...kept, t.more(section.lines.length - kept.length)] };
      }),
    };
  };
  let low = 0;
  let high = totalLines;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(withLines(mid))) low = mid;
    else high = mid - 1;
  }
  current = withLines(low);
  if (fits(current)) return current;

  // 3. Last resort: every value short.
  return {
    ...current,
    facts: current.facts.map((fact) => ({ ...fact, value: truncateText(fact.value, MIN_LONG_CHARS, t.truncated) })),
  };
}

/** The one message that stands for a burst: counts by state, then every entry, newest first. */
import type { Locale } from '../shared/locale.ts';
import { formatDateTime } from '../shared/time-format.ts';
import { strings } from './i18n.ts';
import type { DigestEntry, Notice, Severity } from './notice.ts';

const RANK: Record<Severity, number> = { critical: 3, warning: 2, recovery: 1, info: 0 };

export function digestNotice(
  entries: readonly DigestEntry[],
  options: { locale: Locale; timeZone: string; perMinute: number },
): Notice {
  const t = strings(options.locale);
  const newestFirst = [...entries].sort((a, b) => b.atMs - a.atMs);
  const counts = new Map<DigestEntry['state'], number>();
  for (const entry of entries) counts.set(entry.state, (counts.get(entry.state) ?? 0) + 1);
  const severity = entries.reduce<Severity>(
    (worst, entry) => (RANK[entry.severity] > RANK[worst] ? entry.severity : worst),
    'info',
  );
  return {
    severity,
    // A muted alarm's entry pages no one: only another ALARM makes the digest mention people.
    state: entries.some((entry) => entry.state === 'ALARM' && !entry.muted) ? 'ALARM' : undefined,
    summary: t.digestSummary(entries.length),
    title: t.digestTitle(entries.length),
    subject: undefined,
    facts: [...counts].map(([state, count]) => ({
      label: `${t.icon[state]} ${t.stateName[state]}`,
      value: String(count),
    })),
    sections: [
      {
        heading: t.digestList,
        lines: newestFirst.map((entry) => {
          const time = entry.atMs > 0 ? `${formatDateTime(entry.atMs, options.timeZone)}` : '';
          const region = entry.regionCode ? ` · ${entry.regionCode}` : '';
          return `${t.icon[entry.state]} ${entry.state} · ${entry.name}${region}${time ? ` · ${time}` : ''}${entry.muted ? ' · 🔕' : ''}`;
        }),
      },
    ],
    links: [],
    footer: [
      t.digestWhy(options.perMinute),
      ...(entries.some((entry) => entry.muted) ? [t.digestMuted] : []),
      t.timesIn(options.timeZone),
    ].join(' '),
  };
}

/**
 * `/alarms`: what is in ALARM now, worst first, each with its graph (drawn as an alarm message's is)
 * or, when there is none, its CloudWatch console page. A chat platform waits about 3 s for an answer,
 * so the graphs share a budget of GRAPHS_BUDGET_MS and only the worst few are drawn.
 */
import { createHash } from 'node:crypto';
import { plainNotice, type Notice } from '../chat/notice.ts';
import { graphFor, type GraphStore } from '../alarms/graph/alarm-graphs.ts';
import { alarmConsoleUrl } from '../alarms/console-links.ts';
import type { OpenAlarm, OpenAlarmSource } from '../monitor/open-alarms.ts';
import type { Clock } from '../shared/clock.ts';
import type { Locale } from '../shared/locale.ts';
import type { Logger } from '../shared/logger.ts';
import { formatDuration, formatInZone } from '../shared/time-format.ts';

/** Alarms given a graph or link button (Slack shows at most 5 buttons in an actions block). */
const WITH_LINKS = 5;
/** Alarms listed; more are counted. */
const LISTED = 20;
/** What all graphs together may take before the answer goes without the rest. */
export const GRAPHS_BUDGET_MS = 1500;

const WORDS = {
  en: {
    none: '✅ No alarm is in ALARM',
    some: (count: number) => `🚨 ${count} alarm${count === 1 ? '' : 's'} in ALARM`,
    heading: 'Worst first',
    since: (at: string, lasted: string) => `since ${at} (${lasted})`,
    breach: (ratio: number) => `latest ${ratio.toFixed(2)}× the threshold`,
    more: (count: number) => `… and ${count} more`,
    graph: (name: string) => `${name}: graph`,
    unavailable: '(graph unavailable)',
  },
  'zh-CN': {
    none: '✅ 当前没有处于 ALARM 状态的告警',
    some: (count: number) => `🚨 ${count} 个告警处于 ALARM 状态`,
    heading: '按严重程度排序',
    since: (at: string, lasted: string) => `自 ${at}（已 ${lasted}）`,
    breach: (ratio: number) => `最新值为阈值的 ${ratio.toFixed(2)} 倍`,
    more: (count: number) => `…… 另有 ${count} 个`,
    graph: (name: string) => `${name} 指标图`,
    unavailable: '（指标图暂不可用）',
  },
} satisfies Record<Locale, unknown>;

export interface AlarmsAnswerDeps {
  readonly alarms: OpenAlarmSource;
  readonly graphs?: { readonly store: GraphStore; readonly clock: Clock; readonly logger: Logger } | undefined;
  readonly clock: Clock;
  readonly timeZone: string;
}

export async function alarmsAnswer(deps: AlarmsAnswerDeps): Promise<(locale: Locale) => Notice> {
  const open = await deps.alarms.openAlarms();
  const now = deps.clock.now();
  const drawn = await Promise.all(
    open.slice(0, WITH_LINKS).map((each) =>
      deps.graphs
        ? graphFor(each.alarm, {
            ...deps.graphs,
            timeoutMs: GRAPHS_BUDGET_MS,
            key: createHash('sha256')
              .update(`${each.alarm.arn ?? each.alarm.name}|${each.alarm.stateChangedAtMs}`)
              .digest('hex')
              .slice(0, 32),
          })
        : Promise.resolve(undefined),
    ),
  );
  return (locale) => {
    const words = WORDS[locale];
    const line = (each: OpenAlarm, index: number) => {
      const since = words.since(
        formatInZone(each.alarm.stateChangedAtMs, deps.timeZone),
        formatDuration(Math.max(0, now - each.alarm.stateChangedAtMs)),
      );
      const breach = each.breach !== undefined && Number.isFinite(each.breach) ? ` · ${words.breach(each.breach)}` : '';
      const region = each.alarm.regionCode ? ` · ${each.alarm.regionCode}` : '';
      const graph = drawn[index];
      const missing = graph && 'unavailable' in graph ? ` ${words.unavailable}` : '';
      return `${each.alarm.name} — ${since}${breach}${region}${missing}`;
    };
    const links = open.slice(0, WITH_LINKS).flatMap((each, index) => {
      const graph = drawn[index];
      if (graph && 'url' in graph) return [{ label: words.graph(each.alarm.name), url: graph.url }];
      const page = alarmConsoleUrl(each.alarm);
      return page ? [{ label: each.alarm.name, url: page }] : [];
    });
    const title = open.length === 0 ? words.none : words.some(open.length);
    const lines = [
      ...open.slice(0, LISTED).map(line),
      ...(open.length > LISTED ? [words.more(open.length - LISTED)] : []),
    ];
    return plainNotice({
      severity: open.length === 0 ? 'info' : 'critical',
      title,
      sections: lines.length > 0 ? [{ heading: words.heading, lines, isOrdered: true }] : [],
      links,
    });
  };
}

/**
 * `tcu-bot tcu status`, `tcu-bot cost check [--date D]`, `tcu-bot cost services`: the monitoring
 * figures and the messages they would post, for a terminal (or `--json` for scripts).
 */
import { renderDingTalkMarkdown } from '../chat/dingtalk/render.ts';
import { renderSlackMessage } from '../chat/slack/render.ts';
import type { Notice } from '../chat/notice.ts';
import type { Config } from '../config.ts';
import { LOCALES, type Locale } from '../shared/locale.ts';
import { monitorDeps } from '../deps.ts';
import { costAlertNotice } from '../monitor/cost-notice.ts';
import { addDays, utcDay } from '../monitor/cost-source.ts';
import { checkCost, readStatus } from '../monitor/monitor.ts';
import { statusNotice } from '../monitor/status-notice.ts';
import { openTarget } from './target.ts';
import { choice, UsageError } from './usage-error.ts';

export interface MonitorArgs {
  readonly target?: string;
  readonly endpoint?: string;
  readonly json?: boolean;
  readonly locale?: string;
  readonly date?: string;
}

function messagesFor(notice: Notice, locale: Locale) {
  return { dingtalk: renderDingTalkMarkdown(notice, { locale }), slack: renderSlackMessage(notice, locale) };
}

function localeOf(args: MonitorArgs): Locale {
  return choice('locale', args.locale, LOCALES) ?? 'en';
}

export async function tcuStatusCommand(args: MonitorArgs, config: Config): Promise<string> {
  const locale = localeOf(args);
  const target = await openTarget(args);
  try {
    const report = await readStatus(await monitorDeps(config, { endpoint: target.endpoint }));
    const notice = statusNotice(report, locale, config.displayTimeZone);
    if (args.json)
      return JSON.stringify({ target: target.description, report, messages: messagesFor(notice, locale) }, null, 2);
    return `${target.description}\n\n${renderDingTalkMarkdown(notice, { locale }).markdown.text}`;
  } finally {
    await target.close();
  }
}

export async function costCheckCommand(args: MonitorArgs, config: Config): Promise<string> {
  const locale = localeOf(args);
  if (args.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(args.date))
    throw new UsageError(`--date must be YYYY-MM-DD, not ${args.date}`);
  const target = await openTarget(args);
  try {
    const deps = await monitorDeps(config, { endpoint: target.endpoint });
    // --date names the day checked (D-1); the rule compares it with the day before.
    const verdict = await checkCost(deps, args.date ? addDays(args.date, 1) : utcDay(Date.now()));
    const notice =
      verdict.kind === 'no-data'
        ? undefined
        : costAlertNotice(verdict, deps.costPolicy, deps.costMetric, locale, deps.isLocalEstimate);
    if (args.json)
      return JSON.stringify(
        {
          target: target.description,
          verdict,
          messages: verdict.kind === 'alert' && notice ? messagesFor(notice, locale) : null,
        },
        null,
        2,
      );
    const head =
      verdict.kind === 'no-data'
        ? `no data for ${verdict.day} (${verdict.reason})`
        : `${verdict.kind.toUpperCase()} (${verdict.reason}): ${verdict.previousDay} ${verdict.previousCost.toFixed(2)} → ${verdict.day} ${verdict.cost.toFixed(2)} ${verdict.unit}${verdict.isProvisional ? ' (provisional)' : ''}`;
    const message =
      verdict.kind === 'alert' && notice ? `\n\n${renderDingTalkMarkdown(notice, { locale }).markdown.text}` : '';
    return `${target.description}\n${head}${message}`;
  } finally {
    await target.close();
  }
}

export async function costServicesCommand(args: MonitorArgs, config: Config): Promise<string> {
  const target = await openTarget(args);
  try {
    const deps = await monitorDeps(config, { endpoint: target.endpoint });
    const today = utcDay(Date.now());
    const names = await deps.cost.serviceNames('Timestream', addDays(today, -90), today);
    if (args.json)
      return JSON.stringify({ target: target.description, services: names, configured: config.cost.service }, null, 2);
    const lines = names.map((name) => `${name}${name === config.cost.service ? '   ← COST_SERVICE' : ''}`);
    return `${target.description}\n${lines.length > 0 ? lines.join('\n') : 'no SERVICE value containing "Timestream" in the last 90 days'}`;
  } finally {
    await target.close();
  }
}

/** The daily cost alert as a notice, in the destination's language. */
import type { Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import type { CostVerdict } from './cost-rule.ts';
import { money, monitorStrings, percent } from './monitor-strings.ts';

type AlertVerdict = Extract<CostVerdict, { kind: 'alert' | 'ok' }>;

export function costAlertNotice(
  verdict: AlertVerdict,
  policy: { thresholdPercent: number; floor: number },
  metric: string,
  locale: Locale,
  isLocalEstimate: boolean,
): Notice {
  const t = monitorStrings(locale);
  const change = verdict.reason === 'new-spend' ? t.newSpend : percent(verdict.deltaPercent);
  const provisional = verdict.isProvisional ? t.provisional : '';
  const isAlert = verdict.kind === 'alert';
  return {
    severity: isAlert ? 'warning' : 'info',
    state: undefined,
    // The same figures answer `/cost check` when the rule does not fire: never titled as a rise then.
    summary: isAlert ? t.alertSummary(verdict.day, change) : t.okSummary(verdict.day, change),
    title: isAlert ? t.alertTitle : t.okTitle(verdict.delta < 0),
    subject: `${verdict.previousDay} ${money(verdict.previousCost, verdict.unit)} → ${verdict.day} ${money(verdict.cost, verdict.unit)} (${change})`,
    facts: [
      { label: t.costDay(verdict.day), value: `${money(verdict.cost, verdict.unit)}${provisional}` },
      { label: t.costDay(verdict.previousDay), value: money(verdict.previousCost, verdict.unit) },
      { label: t.delta, value: `${money(verdict.delta, verdict.unit)} · ${change}` },
      { label: t.ruleLabel, value: t.alertRule(policy.thresholdPercent, money(policy.floor, verdict.unit)) },
    ],
    sections: [
      ...(isAlert && verdict.topGrowth.length > 0
        ? [
            {
              heading: t.grew,
              lines: verdict.topGrowth.map(
                (entry) =>
                  `${entry.usageType}: ${money(entry.before, verdict.unit)} → ${money(entry.after, verdict.unit)} (+${money(entry.delta, verdict.unit)})`,
              ),
            },
          ]
        : []),
      ...(isAlert ? [{ heading: t.nextSteps, lines: t.steps, isOrdered: true }] : []),
    ],
    links: isLocalEstimate
      ? []
      : [{ label: 'Cost Explorer', url: 'https://console.aws.amazon.com/costmanagement/home#/cost-explorer' }],
    footer: [t.costFootnote(metric), isLocalEstimate ? t.localFootnote : ''].filter(Boolean).join(' '),
  };
}

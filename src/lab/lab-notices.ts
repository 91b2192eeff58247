/**
 * Lab results as chat notices: the facts a person reads in DingTalk or Slack (neither renders tables),
 * each figure labelled, in the locale of the platform that shows it. The Markdown tables of the CLI
 * stay in loadtest/report.ts and compare.ts.
 */
import { plainNotice, type Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import { formatDateTime } from '../shared/time-format.ts';
import type { SideReport, WorkloadCompareReport } from './workload-compare.ts';
import type { GenerationReport } from './generate.ts';
import { describeLoadTest, type LoadTestConfig } from './loadtest/config.ts';
import type { LoadTestProgress, LoadTestResult } from './loadtest/load-test.ts';
import type { QueryStats } from './loadtest/stats.ts';
import { labStrings } from './lab-strings.ts';
import type { SetupReport } from './setup.ts';
import { compareVerdict, loadTestVerdict, nextAfter } from './verdicts.ts';

function notice(
  title: string,
  summary: string,
  facts: Notice['facts'],
  footer?: string,
  severity: Notice['severity'] = 'info',
  sections: Notice['sections'] = [],
): Notice {
  return plainNotice({ severity, summary, title, facts, sections, footer });
}

/** One query's figures on one line: answered of sent, rate, latency, throttles, other errors, dropped, MB scanned. */
export function queryLine(stats: QueryStats, locale: Locale): string {
  const text = labStrings(locale);
  const latency = stats.latencyMs
    ? `p50 ${stats.latencyMs.p50} / p95 ${stats.latencyMs.p95} / p99 ${stats.latencyMs.p99} ms`
    : text.noSuccess;
  const errors = Object.entries(stats.errorsByName).filter(([name]) => name !== 'ThrottlingException');
  return text.queryLine(
    stats.succeeded,
    stats.started,
    stats.queriesPerSecond,
    latency,
    stats.throttled,
    errors.map(([name, count]) => `${name} ${count}`).join(', '),
    stats.dropped,
    (stats.bytesScanned / 1e6).toFixed(1),
  );
}

export function loadTestProgressNotice(config: LoadTestConfig, progress: LoadTestProgress, locale: Locale): Notice {
  const text = labStrings(locale);
  const recent = (['sql1', 'sql2'] as const).map((query) => {
    const each = progress.recent[query];
    return {
      label: query.toUpperCase(),
      value: text.recentValue(
        each.completed,
        each.queriesPerSecond,
        each.p95Ms === null ? '—' : `${each.p95Ms} ms`,
        each.throttled,
      ),
    };
  });
  const { totals } = progress;
  return notice(
    text.progressTitle(progress.elapsedSeconds, progress.durationSeconds),
    text.progressSummary(progress.elapsedSeconds, progress.durationSeconds),
    [
      { label: text.load, value: describeLoadTest(config, locale) },
      ...recent,
      { label: text.soFar, value: text.soFarValue(totals.succeeded, totals.started, totals.throttled, totals.failed) },
    ],
  );
}

export function loadTestResultNotice(result: LoadTestResult, locale: Locale): Notice {
  const text = labStrings(locale);
  const { tcu } = result;
  const tcuFact =
    'unavailable' in tcu
      ? { label: 'QueryTCU', value: tcu.unavailable }
      : {
          label: text.tcuLabel,
          value: text.tcuValue(
            tcu.baseline,
            tcu.peak,
            tcu.maxQueryTcu,
            tcu.isCapped,
            tcu.tcuHoursMin.toFixed(3),
            tcu.tcuHoursMax.toFixed(3),
          ),
        };
  const capped = !('unavailable' in tcu) && tcu.isCapped;
  return notice(
    text.resultTitle(result.stoppedBy),
    text.resultSummary(result.combined.queriesPerSecond, result.combined.throttled),
    [
      { label: text.load, value: describeLoadTest(result.config, locale) },
      { label: 'SQL1', value: queryLine(result.perQuery.sql1, locale) },
      { label: 'SQL2', value: queryLine(result.perQuery.sql2, locale) },
      { label: text.all, value: queryLine(result.combined, locale) },
      tcuFact,
      { label: text.generator, value: text.generatorValue(result.eventLoopDelayMs.p99, result.sdk.maxSockets) },
    ],
    text.resultFooter('unavailable' in tcu ? '' : text.tcuCaveat(tcu.isLocalEstimate)),
    capped || result.combined.throttled > 0 ? 'warning' : 'info',
    loadTestVerdict(result, locale),
  );
}

/** A time range in words: `12 h`, `50 min`, `200 years` (QueryInsights' temporal range). */
export function spanOf(nanoseconds: number): string {
  const hours = nanoseconds / 3.6e12;
  if (hours >= 24 * 365) return `${Math.round(hours / (24 * 365))} y`;
  if (hours >= 48) return `${Math.round(hours / 24)} d`;
  if (hours >= 1) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round(hours * 60)} min`;
}

export const dollars = (value: number) => `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
export const percentOf = (share: number) => Math.round(share * 1000) / 10;

export function compareNotice(report: WorkloadCompareReport, locale: Locale): Notice {
  const text = labStrings(locale);
  const sideFact = (side: SideReport) => ({
    label: text.side[side.schema],
    value: text.sideValue(
      side.tcu.peak,
      side.tcu.hours.toFixed(3),
      dollars(side.costUsd),
      side.throttled,
      side.latencyMs ? `p50 ${side.latencyMs.p50} / p99 ${side.latencyMs.p99} ms` : text.noSuccess,
      (side.bytesScanned / 1e6).toFixed(1),
    ),
  });
  const saved = report.legacy.tcu.hours - report.optimized.tcu.hours;
  const savedPercent = report.legacy.tcu.hours > 0 ? Math.round((saved / report.legacy.tcu.hours) * 1000) / 10 : 0;
  const reasons = (['sql1', 'sql2'] as const).flatMap((query) => {
    const before = report.legacy.insights[query];
    const after = report.optimized.insights[query];
    if (!before || !after) return [];
    return [
      text.reading(
        query.toUpperCase(),
        percentOf(before.spatialCoverage),
        spanOf(before.temporalRangeNs),
        percentOf(after.spatialCoverage),
        spanOf(after.temporalRangeNs),
      ),
    ];
  });
  const differences = (['sql1', 'sql2'] as const).flatMap((query) =>
    report.differences[query]
      ? [{ label: `${query.toUpperCase()}${text.differentAnswers}`, value: report.differences[query] }]
      : [],
  );
  return notice(
    text.compareTitle(report.answersEqual),
    text.compareSummary(report.answersEqual),
    [
      sideFact(report.legacy),
      sideFact(report.optimized),
      {
        label: '∆',
        // A short run can cost the optimized side more (minute metrics, account-wide): say it so.
        value:
          saved >= 0
            ? text.saving(savedPercent, dollars(saved * report.pricePerTcuHour))
            : text.moreUsed(-savedPercent, dollars(-saved * report.pricePerTcuHour)),
      },
      ...reasons.map((line) => ({ label: text.why, value: line })),
      ...differences,
    ],
    text.compareFooter(report.ratePerSecond, Math.round(report.durationMs / 1000), report.maxQueryTcu, report.isLocal),
    report.answersEqual ? 'info' : 'critical',
    report.answersEqual ? compareVerdict(report, locale) : [],
  );
}

export function setupNotice(report: SetupReport, locale: Locale): Notice {
  const text = labStrings(locale);
  return notice(
    text.setupTitle,
    text.setupSummary(report.database),
    report.tables.map((table) => ({
      label: table.table,
      value: text.tableState(table.created, table.memoryHours, table.columns.length),
    })),
    text.setupFooter(report.database, report.databaseCreated),
    'info',
    nextAfter('setup', locale),
  );
}

/** A generation cut short by Lambda's time limit: the next invocation resumes from the checkpoint. */
export function generationContinuesNotice(report: GenerationReport, locale: Locale): Notice {
  const text = labStrings(locale);
  const done = report.batches.doneBefore + report.batches.writtenThisRun;
  return notice(
    text.continuesTitle,
    text.continuesSummary(done, report.batches.total),
    [
      {
        label: text.batches,
        value: text.batchesValue(
          done,
          report.batches.total,
          report.records.written.toLocaleString('en'),
          report.recordsPerSecond.toLocaleString('en'),
        ),
      },
      { label: text.window, value: text.windowValue(utcMinute(report.window.start), utcMinute(report.window.end)) },
    ],
    text.continuesFooter,
  );
}

export function generationNotice(report: GenerationReport, locale: Locale): Notice {
  const text = labStrings(locale);
  const { records, validation } = report;
  return notice(
    text.generationTitle[report.status],
    text.generationSummary(report.status, records.written.toLocaleString('en'), records.planned.toLocaleString('en')),
    [
      {
        label: text.records,
        value: text.recordsValue(
          records.written.toLocaleString('en'),
          records.planned.toLocaleString('en'),
          report.recordsPerSecond.toLocaleString('en'),
        ),
      },
      { label: text.rejected, value: text.rejectedValue(records.rejectedBeforeSending, records.rejectedByService) },
      { label: text.window, value: text.windowValue(utcMinute(report.window.start), utcMinute(report.window.end)) },
      {
        label: text.validation,
        value: validation
          ? validation.isComplete
            ? text.validationComplete
            : validation.tables.map((table) => `${table.table} ${table.rows}/${table.expected}`).join(', ')
          : text.validationNotRun,
      },
    ],
    report.status === 'stopped' ? text.resumeFooter : undefined,
    'info',
    report.status === 'complete' && validation?.isComplete ? nextAfter('datagen', locale) : [],
  );
}

/** A job that threw: the reason is the error's own text (it names what went wrong, in English). */
export function jobFailedNotice(kind: string, reason: string, locale: Locale): Notice {
  const text = labStrings(locale);
  return notice(
    text.failedTitle(kind),
    text.failedSummary(kind),
    [{ label: text.reason, value: reason, isLong: true }],
    undefined,
    'critical',
  );
}

/** `2026-12-04 08:00` from an ISO time: minutes are what a data window is made of. */
function utcMinute(iso: string): string {
  return formatDateTime(Date.parse(iso), 'UTC').slice(0, 16);
}

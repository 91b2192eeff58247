/**
 * Lab results as chat notices: the facts a person reads in DingTalk or Slack (neither renders tables),
 * each figure labelled. The Markdown tables of the CLI stay in loadtest/report.ts and compare.ts.
 */
import type { Notice } from '../chat/notice.ts';
import type { CompareReport } from './compare.ts';
import type { GenerationReport } from './generate.ts';
import type { LoadTestProgress, LoadTestResult } from './loadtest/load-test.ts';
import type { QueryStats } from './loadtest/stats.ts';
import type { SetupReport } from './setup.ts';

function notice(title: string, summary: string, facts: Notice['facts'], footer?: string, severity: Notice['severity'] = 'info'): Notice {
  return { severity, state: undefined, summary, title, subject: undefined, facts, sections: [], links: [], footer };
}

function queryLine(stats: QueryStats): string {
  const latency = stats.latencyMs ? `p50 ${stats.latencyMs.p50} / p95 ${stats.latencyMs.p95} / p99 ${stats.latencyMs.p99} ms` : 'no successful query';
  const errors = Object.entries(stats.errorsByName).filter(([name]) => name !== 'ThrottlingException');
  return `${stats.succeeded}/${stats.started} ok · ${stats.queriesPerSecond} q/s · ${latency} · throttled ${stats.throttled}${errors.length ? ` · ${errors.map(([name, count]) => `${name} ${count}`).join(', ')}` : ''}${stats.dropped ? ` · dropped ${stats.dropped}` : ''} · ${(stats.bytesScanned / 1e6).toFixed(1)} MB scanned`;
}

export function loadTestProgressNotice(description: string, progress: LoadTestProgress): Notice {
  const recent = (['sql1', 'sql2'] as const).map((query) => {
    const each = progress.recent[query];
    return { label: query.toUpperCase(), value: `${each.completed} in the last interval · ${each.queriesPerSecond} q/s · p95 ${each.p95Ms ?? '—'} ms · throttled ${each.throttled}` };
  });
  return notice(`⏱ Load test running ${progress.elapsedSeconds}/${progress.durationSeconds} s`, `load test ${progress.elapsedSeconds}/${progress.durationSeconds} s`, [
    { label: 'Load', value: description },
    ...recent,
    { label: 'So far', value: `${progress.totals.succeeded}/${progress.totals.started} ok, ${progress.totals.throttled} throttled, ${progress.totals.failed} failed` },
  ]);
}

export function loadTestResultNotice(result: LoadTestResult): Notice {
  const tcu =
    'unavailable' in result.tcu
      ? { label: 'QueryTCU', value: result.tcu.unavailable }
      : {
          label: 'QueryTCU (account-wide, per minute)',
          value: `baseline ${result.tcu.baseline} → peak ${result.tcu.peak} of MaxQueryTCU ${result.tcu.maxQueryTcu}${result.tcu.isCapped ? ' — capacity-capped' : ''}; ${result.tcu.tcuHoursMin.toFixed(3)}–${result.tcu.tcuHoursMax.toFixed(3)} TCU-hours`,
        };
  const capped = !('unavailable' in result.tcu) && result.tcu.isCapped;
  return notice(
    `📈 Load test finished (${result.stoppedBy})`,
    `load test: ${result.combined.queriesPerSecond} q/s, throttled ${result.combined.throttled}`,
    [
      { label: 'Load', value: result.description },
      { label: 'SQL1', value: queryLine(result.perQuery.sql1) },
      { label: 'SQL2', value: queryLine(result.perQuery.sql2) },
      { label: 'All', value: queryLine(result.combined) },
      tcu,
      { label: 'Load generator', value: `event-loop delay p99 ${result.eventLoopDelayMs.p99} ms; SDK maxAttempts 1, ${result.sdk.maxSockets} sockets` },
    ],
    `Latency from each query's intended start to its last page. ${'unavailable' in result.tcu ? '' : result.tcu.caveat}`,
    capped || result.combined.throttled > 0 ? 'warning' : 'info',
  );
}

export function compareNotice(report: CompareReport, isLocal: boolean): Notice {
  return notice(
    report.ok ? '🔬 Before / after: optimized schema and SQL' : '❌ Before / after FAILED: the answers differ',
    report.ok ? 'before/after report: answers equal' : 'before/after report failed',
    report.pairs.map((pair) => ({
      label: `${pair.query.toUpperCase()}${pair.equivalent ? '' : ' (different answers!)'}`,
      value: `p50 ${pair.legacy.p50Ms} → ${pair.optimized.p50Ms} ms (−${pair.reduction.latencyPercent}%) · scanned ${(pair.legacy.bytesScanned / 1e6).toFixed(2)} → ${(pair.optimized.bytesScanned / 1e6).toFixed(2)} MB (−${pair.reduction.scanPercent}%) · est. TCU-s ${pair.legacy.estimatedTcuSeconds} → ${pair.optimized.estimatedTcuSeconds}${pair.difference ? ` · ${pair.difference}` : ''}`,
    })),
    `${report.runs} runs each, warm-up discarded. Estimated TCU-seconds = p50 × 4/7 TCU, an estimate.${isLocal ? ' Bytes from the emulator’s model.' : ''}`,
    report.ok ? 'info' : 'critical',
  );
}

export function setupNotice(report: SetupReport): Notice {
  return notice(
    '🧰 Lab setup done',
    'lab setup done',
    report.tables.map((table) => ({ label: table.table, value: `${table.created ? 'created' : 'exists'} · memory ${table.memoryHours} h · ${table.columns.length} columns` })),
    `Database ${report.database}${report.databaseCreated ? ' (created)' : ''}.`,
  );
}

/** A generation cut short by Lambda's time limit: the next invocation resumes from the checkpoint. */
export function generationContinuesNotice(report: GenerationReport): Notice {
  const done = report.batches.doneBefore + report.batches.writtenThisRun;
  return notice(
    '⏩ Data generation continues',
    `data generation ${done}/${report.batches.total} batches, continuing`,
    [
      { label: 'Batches', value: `${done} of ${report.batches.total} done · ${report.records.written.toLocaleString('en')} records this run at ${report.recordsPerSecond.toLocaleString('en')}/s` },
      { label: 'Window', value: `${report.window.start} → ${report.window.end} (UTC)` },
    ],
    'This run reached its time limit; the next one resumes from the checkpoint and writes exactly the rest.',
  );
}

export function generationNotice(report: GenerationReport): Notice {
  return notice(
    report.status === 'complete' ? '🗄 Data generation complete' : '⏸ Data generation stopped',
    `data generation ${report.status}`,
    [
      { label: 'Records', value: `${report.records.written.toLocaleString('en')} written of ${report.records.planned.toLocaleString('en')} planned · ${report.recordsPerSecond.toLocaleString('en')}/s` },
      { label: 'Rejected', value: `${report.records.rejectedBeforeSending} before sending, ${report.records.rejectedByService} by Timestream` },
      { label: 'Window', value: `${report.window.start} → ${report.window.end} (UTC)` },
      { label: 'Validation', value: report.validation ? (report.validation.isComplete ? 'every table holds exactly the planned rows' : report.validation.tables.map((table) => `${table.table} ${table.rows}/${table.expected}`).join(', ')) : 'not run (stopped)' },
    ],
    report.status === 'stopped' ? '`/datagen start resume` writes exactly the rest.' : undefined,
  );
}

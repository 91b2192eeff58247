/** `lab generate`'s report for a person: what was written, whether it checked out, and what to run next. */
import type { GenerationReport } from '../lab/generate.ts';

const count = (value: number) => value.toLocaleString('en');

/** What every kind of generation checks at the end: rows per table against the plan. */
interface TableCounts {
  readonly isComplete: boolean;
  readonly tables: readonly { readonly table: string; readonly rows: number; readonly expected: number }[];
}

export function generationSummary(
  report: GenerationReport<TableCounts>,
  next = 'tcu-bot lab loadtest --sql1 5 --sql2 5 --duration 1m, then tcu-bot lab compare',
): string {
  const { records, batches } = report;
  const lines: string[] = [];
  if (report.status === 'complete') {
    lines.push(
      `complete: ${count(records.written)} records written into ${report.database} in ${report.seconds.toFixed(1)} s (${count(report.recordsPerSecond)} records/s)`,
    );
  } else {
    lines.push(
      `stopped after ${count(batches.doneBefore + batches.writtenThisRun)} of ${count(batches.total)} batches (${count(records.written)} records this run): resume with --resume`,
    );
  }
  lines.push(
    `  ${Object.entries(report.perTable)
      .map(([table, rows]) => `${table} ${count(rows)}`)
      .join(' · ')}`,
    `  data from ${report.window.start} to ${report.window.end} (UTC) · scale ${report.scale} · seed ${report.seed}`,
  );
  const rejected = records.rejectedBeforeSending + records.rejectedByService;
  if (rejected > 0) lines.push(`  ${count(rejected)} records rejected (see the log above)`);
  if (report.validation) {
    const short = report.validation.tables.filter((table) => table.rows < table.expected);
    lines.push(
      report.validation.isComplete
        ? '  checked: every table holds every expected row'
        : `  checked: incomplete — ${short.map((table) => `${table.table} ${count(table.rows)} of ${count(table.expected)}`).join(', ')}`,
    );
  }
  if (report.status === 'complete' && report.validation?.isComplete) lines.push(`next: ${next}`);
  return lines.join('\n');
}

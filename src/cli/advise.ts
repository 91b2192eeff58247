/**
 * `tcu-bot advise [--json] [--locale en|zh-CN] "<sql>"` (or `-` to read the SQL from stdin), or
 * `--workload FILE`: the query advisor's findings on one query, or on each query of a workload. Exit 0 with the findings (none is an answer too), 1 when the text
 * is not a query Timestream's grammar takes (the position and reason are printed), 2 wrong usage.
 */
import { readFileSync } from 'node:fs';
import { advise } from '../advisor/advise.ts';
import { adviseWorkloadQueries } from '../lab/workload/workload-advice.ts';
import { loadWorkload } from '../lab/workload/bundled.ts';
import { WorkloadError } from '../lab/workload/read-workload.ts';
import { adviceJson, adviceText } from '../advisor/render.ts';
import { LOCALES } from '../shared/locale.ts';
import { SqlSyntaxError } from '../timestream/sql/parse.ts';
import { choice, UsageError } from './usage-error.ts';
import { measureAdvice, type AdviceMeasure, type QueryMeasure } from '../advisor/measure.ts';
import type { Config } from '../config.ts';
import { labTarget } from '../deps.ts';
import { systemClock } from '../shared/clock.ts';
import { openTarget } from './target.ts';

export function adviseCommand(
  words: readonly string[],
  values: { json?: boolean; locale?: string; workload?: string },
): { output: string; ok: boolean } {
  if (values.workload !== undefined) {
    if (words.length > 0) throw new UsageError('advise takes a query or --workload FILE, not both');
    return adviseWorkload(values.workload, values);
  }
  if (words.length !== 1)
    throw new UsageError('advise takes one query, quoted: tcu-bot advise "SELECT …" (or - to read it from stdin)');
  const sql = words[0] === '-' ? readFileSync(0, 'utf8') : words[0]!;
  const locale = choice('locale', values.locale, LOCALES) ?? 'en';
  try {
    const advice = advise(sql);
    return {
      output: values.json ? JSON.stringify(adviceJson(advice, locale), null, 2) : adviceText(advice, locale),
      ok: true,
    };
  } catch (error) {
    if (error instanceof SqlSyntaxError) return { output: `not a Timestream query: ${error.message}`, ok: false };
    throw error;
  }
}

/**
 * Every query of a workload file, its placeholders filled with a first value, each with its findings;
 * the tables' partition keys come from the file. `--json`: `{ "queries": { "<name>": AdviceJson } }`.
 */
function adviseWorkload(path: string, values: { json?: boolean; locale?: string }): { output: string; ok: boolean } {
  const locale = choice('locale', values.locale, LOCALES) ?? 'en';
  let workload;
  try {
    workload = loadWorkload(path);
  } catch (error) {
    if (error instanceof WorkloadError) return { output: error.message, ok: false };
    throw error;
  }
  const advice = adviseWorkloadQueries(workload);
  if (values.json)
    return {
      output: JSON.stringify(
        {
          queries: Object.fromEntries(advice.map(({ name, advice: each }) => [name, adviceJson(each, locale)])),
        },
        null,
        2,
      ),
      ok: true,
    };
  return {
    output: advice.map(({ name, advice: each }) => `== ${name}\n${adviceText(each, locale)}`).join('\n\n'),
    ok: true,
  };
}

/** Text for a person: each side's figures, then whether the answers match. */
function measureText(measure: AdviceMeasure): string {
  const share = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10} %`);
  const hours = (ns: number | null) => (ns === null ? '—' : `${Math.round((ns / 3.6e12) * 100) / 100} h`);
  const tcu = (value: number | null) => (value === null ? '—' : value.toFixed(3));
  const row = (label: string, side: QueryMeasure) =>
    `| ${label} | ${side.rows} | ${side.bytesScanned.toLocaleString('en')} | ${share(side.spatialCoverage)} | ${hours(side.temporalRangeNs)} | ${tcu(side.tcuSeconds)} |`;
  const lines = [
    '| | rows | bytes scanned | spatial coverage | temporal range | TCU-seconds |',
    '|---|---:|---:|---:|---:|---:|',
    row('as written', measure.before),
    ...(measure.after ? [row('rewritten', measure.after)] : []),
    '',
    `TCU-seconds: ${measure.tcuSecondsSource}.`,
    measure.after
      ? measure.answersEqual
        ? 'The rewrite returns the same rows.'
        : 'The rewrite returns DIFFERENT rows: check it before using it.'
      : 'No finding has a mechanical rewrite: only the query as written was measured.',
  ];
  return lines.join('\n');
}

/** `advise --measure "<sql>"`: the advice, then the query and its rewrite measured on the target. */
export async function adviseMeasureCommand(
  words: readonly string[],
  values: { json?: boolean; locale?: string; target?: string; endpoint?: string },
  config: Config,
): Promise<{ output: string; ok: boolean }> {
  if (words.length !== 1) throw new UsageError('advise --measure takes one query, quoted');
  const sql = words[0] === '-' ? readFileSync(0, 'utf8') : words[0]!;
  const locale = choice('locale', values.locale, LOCALES) ?? 'en';
  let advice;
  try {
    advice = advise(sql);
  } catch (error) {
    if (error instanceof SqlSyntaxError) return { output: `not a Timestream query: ${error.message}`, ok: false };
    throw error;
  }
  const opened = await openTarget({ target: values.target, endpoint: values.endpoint });
  const target = await labTarget(config, { endpoint: opened.endpoint });
  try {
    let measure: AdviceMeasure;
    try {
      measure = await measureAdvice(advice, target.clients.query, { isLocal: target.isLocal, clock: systemClock });
    } catch (error) {
      // The service's refusal (a missing table or column, a throttle) is the answer, not a crash.
      const fault = (error as { $fault?: string }).$fault;
      if (fault === 'client')
        return {
          ok: false,
          output: `the target refused the query: ${(error as Error).name}: ${(error as Error).message}`,
        };
      throw error;
    }
    return {
      ok: true,
      output: values.json
        ? JSON.stringify({ ...adviceJson(advice, locale), measure }, null, 2)
        : `${adviceText(advice, locale)}\n\n${measureText(measure)}`,
    };
  } finally {
    target.clients.write.destroy();
    target.clients.query.destroy();
    await opened.close();
  }
}

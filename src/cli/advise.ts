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

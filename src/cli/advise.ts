/**
 * `tcu-bot advise [--json] [--locale en|zh-CN] "<sql>"` (or `-` to read the SQL from stdin): the query
 * advisor's findings on one query. Exit 0 with the findings (none is an answer too), 1 when the text
 * is not a query Timestream's grammar takes (the position and reason are printed), 2 wrong usage.
 */
import { readFileSync } from 'node:fs';
import { advise } from '../advisor/advise.ts';
import { adviceJson, adviceText } from '../advisor/render.ts';
import { LOCALES } from '../shared/locale.ts';
import { SqlSyntaxError } from '../timestream/sql/parse.ts';
import { choice, UsageError } from './usage-error.ts';

export function adviseCommand(
  words: readonly string[],
  values: { json?: boolean; locale?: string },
): { output: string; ok: boolean } {
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

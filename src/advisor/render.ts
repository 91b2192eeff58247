/**
 * Advice for people (plain text with the SQL underlined) and for tools (`tcu-bot advise --json`):
 * `{ "findings": [ { "rule", "span": { "start", "end", "line", "column" }, "title", "why", "fix",
 * "source", "rewrite": { "start", "end", "text" } | null } ] }` — offsets in UTF-16 code units of the
 * SQL as given, line and column 1-based.
 */
import type { Locale } from '../shared/locale.ts';
import type { Advice } from './advise.ts';
import { BEST_PRACTICES, ruleText } from './rule-texts.ts';

export interface AdviceJson {
  readonly findings: readonly {
    readonly rule: string;
    readonly span: { readonly start: number; readonly end: number; readonly line: number; readonly column: number };
    readonly title: string;
    readonly why: string;
    readonly fix: string;
    readonly source: string;
    readonly rewrite: { readonly start: number; readonly end: number; readonly text: string } | null;
  }[];
}

function position(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

export function adviceJson(advice: Advice, locale: Locale): AdviceJson {
  return {
    findings: advice.findings.map((finding) => {
      const text = ruleText(finding.rule, locale);
      return {
        rule: finding.rule,
        span: { start: finding.span.start, end: finding.span.end, ...position(advice.sql, finding.span.start) },
        title: text.title(finding.subject),
        why: text.why,
        fix: text.fix,
        source: BEST_PRACTICES,
        rewrite: finding.rewrite
          ? { start: finding.rewrite.span.start, end: finding.rewrite.span.end, text: finding.rewrite.text }
          : null,
      };
    }),
  };
}

/** The SQL's line holding the span, with the span underlined. */
function underline(sql: string, span: { start: number; end: number }): string {
  const lineStart = sql.lastIndexOf('\n', span.start - 1) + 1;
  const lineEnd = sql.indexOf('\n', span.start);
  const line = sql.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const from = span.start - lineStart;
  const width = Math.max(1, Math.min(span.end, lineStart + line.length) - span.start);
  return `    ${line}\n    ${' '.repeat(from)}${'^'.repeat(width)}`;
}

export function adviceText(advice: Advice, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (advice.findings.length === 0)
    return zh ? '没有发现：这条查询没有已知的高成本写法。' : 'No findings: nothing in this query is a known TCU cost.';
  const json = adviceJson(advice, locale);
  const blocks = json.findings.map((finding, index) => {
    const lines = [
      `${index + 1}. [${finding.rule}] ${finding.title} (${zh ? '第' : 'line '}${finding.span.line}${zh ? '行第' : ':'}${finding.span.column}${zh ? '列' : ''})`,
      underline(advice.sql, advice.findings[index]!.span),
      `   ${zh ? '原因' : 'Why'}: ${finding.why}`,
      finding.rewrite
        ? `   ${zh ? '改写' : 'Rewrite'}: ${finding.rewrite.text}`
        : `   ${zh ? '建议' : 'Fix'}: ${finding.fix}`,
    ];
    return lines.join('\n');
  });
  const heading = zh
    ? `${json.findings.length} 项发现`
    : `${json.findings.length} finding${json.findings.length === 1 ? '' : 's'}`;
  return `${heading}\n\n${blocks.join('\n\n')}\n\n${zh ? '依据' : 'Source'}: ${BEST_PRACTICES}`;
}

/**
 * `/advise <sql>` answered in chat: one section per finding (what, then the rewrite or the fix),
 * and the best-practices page as the link. Chat renderers have no fixed-width underline, so the
 * finding names what it is about in words (the SQL it quotes) instead of a caret.
 */
import { plainNotice, type Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import type { Advice } from './advise.ts';
import { adviceJson } from './render.ts';
import { BEST_PRACTICES } from './rule-texts.ts';

export function adviceNotice(advice: Advice, locale: Locale): Notice {
  const zh = locale === 'zh-CN';
  const { findings } = adviceJson(advice, locale);
  const title =
    findings.length === 0
      ? zh
        ? '🔍 没有发现：这条查询没有已知的高成本写法'
        : '🔍 No findings: nothing in this query is a known TCU cost'
      : zh
        ? `🔍 ${findings.length} 项发现`
        : `🔍 ${findings.length} finding${findings.length === 1 ? '' : 's'}`;
  return plainNotice({
    severity: findings.length === 0 ? 'info' : 'warning',
    title,
    sections: findings.map((finding) => ({
      heading: `[${finding.rule}] ${finding.title}`,
      lines: [
        finding.why,
        finding.rewrite
          ? `${zh ? '改写为' : 'Write instead'}: ${finding.rewrite.text}`
          : `${zh ? '建议' : 'Fix'}: ${finding.fix}`,
      ],
    })),
    links: [{ label: zh ? 'Timestream 查询最佳实践' : 'Timestream query best practices', url: BEST_PRACTICES }],
    footer: zh ? '只分析了 SQL，没有运行查询。' : 'The SQL was read, not run.',
  });
}

/**
 * A data generation's progress as a person reads it, like a load test's: how far (%), how fast,
 * how long still — the line `/datagen status` shows, and the message posted while it runs.
 */
import type { Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import { formatDuration } from '../shared/time-format.ts';
import type { GenerateProgress } from './write-plan.ts';

const STRINGS = {
  'zh-CN': {
    title: (percent: number) => `🗄 数据生成 ${percent}%`,
    line: (percent: number, written: string, perSecond: string, eta: string | undefined) =>
      `${percent}% · 已写入 ${written} 条 · ${perSecond} 条/秒${eta ? ` · 约 ${eta} 后完成` : ''}`,
    stop: '`/datagen stop` 可停止；之后 `/datagen start resume` 只写剩余部分。',
  },
  en: {
    title: (percent: number) => `🗄 Data generation ${percent}%`,
    line: (percent: number, written: string, perSecond: string, eta: string | undefined) =>
      `${percent}% · ${written} records written · ${perSecond} records/s${eta ? ` · about ${eta} to go` : ''}`,
    stop: '`/datagen stop` stops it; `/datagen start resume` later writes only the rest.',
  },
} satisfies Record<Locale, unknown>;

export function generationPercent(progress: GenerateProgress): number {
  return Math.floor((progress.batchesDone / Math.max(1, progress.batchesTotal)) * 100);
}

export function generationProgressLine(progress: GenerateProgress, locale: Locale): string {
  return STRINGS[locale].line(
    generationPercent(progress),
    progress.recordsWritten.toLocaleString('en'),
    progress.recordsPerSecond.toLocaleString('en'),
    progress.etaSeconds === undefined ? undefined : formatDuration(progress.etaSeconds * 1000),
  );
}

export function generationProgressNotice(progress: GenerateProgress, locale: Locale): Notice {
  const text = STRINGS[locale];
  const line = generationProgressLine(progress, locale);
  return {
    severity: 'info',
    state: undefined,
    summary: line,
    title: text.title(generationPercent(progress)),
    subject: undefined,
    facts: [],
    sections: [{ heading: '', lines: [line] }],
    links: [],
    footer: text.stop,
  };
}

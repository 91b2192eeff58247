/**
 * `/loadtest start workload=<name>` before anything starts: the file is found and read (every
 * problem with its line and field), and its stages are held to the deployment's load-test caps —
 * the total time a worker has, the arrival rate, the workers — as `sql1=N sql2=N` is.
 */
import type { JobLimits } from '../jobs/job-options.ts';
import { parseDuration } from '../lab/loadtest/config.ts';
import { WorkloadError } from '../lab/workload/read-workload.ts';
import type { WorkloadCatalog } from '../lab/workload/workload-catalog.ts';
import type { Workload } from '../lab/workload/workload-schema.ts';
import type { Locale } from '../shared/locale.ts';

const WORDS = {
  en: {
    noCatalog: 'this deployment reads no workload files',
    tooLong: (minutes: number, max: number) => `the stages last ${minutes} min, over the limit of ${max} min`,
    overRate: (stage: number, rate: number, max: number) =>
      `stage ${stage}: rate ${rate}/s is over the limit of ${max} arrivals a second`,
    overWorkers: (stage: number, workers: number, max: number) =>
      `stage ${stage}: ${workers} workers is over the limit of ${max}`,
  },
  'zh-CN': {
    noCatalog: '此部署不读取工作负载文件',
    tooLong: (minutes: number, max: number) => `各阶段共 ${minutes} 分钟，超过上限 ${max} 分钟`,
    overRate: (stage: number, rate: number, max: number) => `第 ${stage} 阶段：每秒 ${rate} 个，超过上限 ${max}`,
    overWorkers: (stage: number, workers: number, max: number) =>
      `第 ${stage} 阶段：${workers} 个并发，超过上限 ${max}`,
  },
} satisfies Record<Locale, unknown>;

export async function checkWorkload(
  name: string,
  catalog: WorkloadCatalog | undefined,
  limits: JobLimits,
): Promise<{ workload: Workload } | { problems: (locale: Locale) => string[] }> {
  if (!catalog) return { problems: (locale) => [WORDS[locale].noCatalog] };
  let workload: Workload;
  try {
    workload = await catalog.find(name);
  } catch (error) {
    if (error instanceof WorkloadError) return { problems: () => [...error.problems] };
    throw error;
  }
  const totalMs = workload.stages.reduce((sum, stage) => sum + parseDuration(stage.duration)!, 0);
  const problems = (locale: Locale) => {
    const words = WORDS[locale];
    const found: string[] = [];
    if (totalMs > limits.maxDurationMs)
      found.push(words.tooLong(Math.round(totalMs / 6000) / 10, Math.round(limits.maxDurationMs / 6000) / 10));
    workload.stages.forEach((stage, index) => {
      if (stage.rate !== undefined && stage.rate > limits.maxRatePerSecond)
        found.push(words.overRate(index + 1, stage.rate, limits.maxRatePerSecond));
      if (stage.workers !== undefined && stage.workers > limits.maxTotalWorkers)
        found.push(words.overWorkers(index + 1, stage.workers, limits.maxTotalWorkers));
    });
    return found;
  };
  return problems('en').length > 0 ? { problems } : { workload };
}

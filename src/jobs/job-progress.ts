/** How a job keeps its record current while it works: its progress line, and the stop flag it polls. */
import type { Locale } from '../shared/locale.ts';
import { LOCALES } from '../shared/locale.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Job } from './job.ts';
import type { JobStore } from './job-store.ts';

const STOP_POLL_MS = 1000;
/** Slack's response_url takes 5 posts in 30 minutes: keep 2 for the result and a spare. */
export const SLACK_PROGRESS_POSTS = 3;

interface ProgressDeps {
  readonly store: JobStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A line worded in every language, for the job's `summaryByLocale`. */
export function inEveryLocale(word: (locale: Locale) => string): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, word(locale)])) as Record<Locale, string>;
}

/**
 * Keeps the job's progress line current without holding the work up; a line that could not be
 * recorded is logged (the next one replaces it), never left to reject unhandled.
 */
export function recordProgress(job: Job, line: (locale: Locale) => string, deps: ProgressDeps): void {
  deps.store
    .update(job.id, { progress: line('en'), summaryByLocale: inEveryLocale(line) }, deps.clock.now())
    .catch((error: unknown) => deps.logger.warn('progress not recorded', { jobId: job.id, error }));
}

/** Polls the stop flag (it may be set by another Lambda invocation) and calls `onStop` once. */
export function watchStop(job: Job, deps: ProgressDeps, onStop: () => void): { cancel: () => void } {
  const timer = setInterval(() => {
    deps.store
      .get(job.id)
      .then((current) => {
        if (current?.isStopRequested) {
          clearInterval(timer);
          onStop();
        }
      })
      // The next poll tries again; a store that stays down fails the job's final update loudly.
      .catch((error: unknown) => deps.logger.warn('stop flag not read', { jobId: job.id, error }));
  }, STOP_POLL_MS);
  return { cancel: () => clearInterval(timer) };
}

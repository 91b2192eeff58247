/**
 * `tcu-bot lab story` options, each with its documented range, checked before anything starts.
 * The days it replays: a quiet day on the legacy schema, a busy day on it, a busy day on the
 * optimized schema — the case study's before and after.
 */
import { z } from 'zod';
import type { Schema } from '../queries.ts';

export const STORY_LIMITS = {
  scale: { min: 0.3, max: 2, default: 1 },
  rate: { min: 1, max: 200, default: 50 },
  quietRate: { min: 0, max: 200, default: 5 },
  maxQueryTcu: { min: 4, max: 1000, default: 128 },
} as const;

export const storyOptionsSchema = z
  .object({
    /** Lab data scale (10 devices per unit); 0.3 is the least that holds every device the queries name. */
    scale: z.number().min(STORY_LIMITS.scale.min).max(STORY_LIMITS.scale.max).default(STORY_LIMITS.scale.default),
    /** Arrivals a second of each query on the busy days (the case study's 50 + 50). */
    rate: z.number().min(STORY_LIMITS.rate.min).max(STORY_LIMITS.rate.max).default(STORY_LIMITS.rate.default),
    /** Arrivals a second of each query on the quiet day. */
    quietRate: z
      .number()
      .min(STORY_LIMITS.quietRate.min)
      .max(STORY_LIMITS.quietRate.max)
      .default(STORY_LIMITS.quietRate.default),
    /**
     * The account's MaxQueryTCU during the story: below the 200 default, as the case study's account
     * was capped, so the legacy day reaches it.
     */
    maxQueryTcu: z
      .number()
      .int()
      .min(STORY_LIMITS.maxQueryTcu.min)
      .max(STORY_LIMITS.maxQueryTcu.max)
      .refine((value) => value % 4 === 0, 'must be a multiple of 4')
      .default(STORY_LIMITS.maxQueryTcu.default),
    /** serverless.yml parameter overrides, as `--param` gives them to a deploy (e.g. tcuAlarmThreshold). */
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  })
  .refine((options) => options.quietRate <= options.rate, {
    message: 'the quiet rate must not exceed the busy rate',
    path: ['quietRate'],
  });

export type StoryOptionsInput = z.input<typeof storyOptionsSchema>;
export type StoryOptions = z.output<typeof storyOptionsSchema>;

export type StoryDayKind = 'quiet' | 'legacy' | 'optimized';

export interface StoryDayPlan {
  readonly kind: StoryDayKind;
  readonly schema: Schema;
  readonly ratePerSecond: number;
}

export function storyDays(options: StoryOptions): readonly StoryDayPlan[] {
  return [
    { kind: 'quiet', schema: 'legacy', ratePerSecond: options.quietRate },
    { kind: 'legacy', schema: 'legacy', ratePerSecond: options.rate },
    { kind: 'optimized', schema: 'optimized', ratePerSecond: options.rate },
  ];
}

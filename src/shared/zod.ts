/**
 * zod for the code that runs on Lambda: `zod/mini`, whose functions tree-shake, with the English
 * messages. The classic `z` namespace is 450 KB in a bundle and took ~27 ms of every cold start
 * (`npm run bench:bundle`); the emulator, which never ships, keeps using it.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Modules import `* as z from 'zod/mini'` themselves (a re-exported namespace would defeat
// tree-shaking) and one helper from here, which sets the messages before anything parses.
z.config(en());

/** A non-empty string. */
export const nonEmpty = () => z.string().check(z.minLength(1));

/** An http(s) URL. */
export const httpUrl = () => z.url({ protocol: /^https?$/ });

/** A whole number from text (environment variables), with bounds. */
export const integerText = (min: number, max?: number) =>
  z.pipe(z.coerce.number(), z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)])));

/** A number from text, with bounds. */
export const numberText = (min: number, max?: number) =>
  z.coerce.number().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));

/** Reports a problem from inside a transform. */
export function addIssue(ctx: { issues: unknown[] }, input: unknown, message: string): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input });
  return z.NEVER;
}

import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every refusal has one JSON shape: a stable code and a reason a person can act on. */
export function problem(c: Context, status: ContentfulStatusCode, code: string, reason: string): Response {
  return c.json({ error: code, reason }, status);
}

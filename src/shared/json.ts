/**
 * JSON.parse for text from outside: every string comes out well-formed UTF-16. JSON may carry a lone
 * surrogate (`"\ud800"` is valid JSON), and one in an alarm name made encodeURIComponent throw
 * (URIError → 5xx, which SNS retries forever); it becomes U+FFFD instead, the rest of the text kept.
 */
export function parseExternalJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? value.toWellFormed() : value));
}

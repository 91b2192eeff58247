/** Where docs/emulator.md keeps the generated function table. */
const START = '<!-- functions:start -->';
const END = '<!-- functions:end -->';

/** The document with the table between its markers replaced by `table`. */
export function withFunctionTable(document: string, table: string): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the document has no ${START} … ${END} markers`);
  return `${document.slice(0, start + START.length)}\n${table}\n${document.slice(end)}`;
}

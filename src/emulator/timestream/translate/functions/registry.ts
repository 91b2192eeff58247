/**
 * Every function in Timestream's query language reference, in one registry: what the emulator runs
 * and how, or what it refuses. The translator looks names up here; docs/emulator.md's table is
 * generated from it (`npm run docs:functions`), so the two never disagree.
 */
import { AGGREGATE_FUNCTIONS } from './aggregate-functions.ts';
import { ARRAY_FUNCTIONS } from './array-functions.ts';
import { DATETIME_FUNCTIONS } from './datetime-functions.ts';
import type { Category, FunctionSpec } from './function-spec.ts';
import { SCALAR_FUNCTIONS } from './scalar-functions.ts';
import { TIMESERIES_FUNCTIONS } from './timeseries-functions.ts';

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...SCALAR_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  ...TIMESERIES_FUNCTIONS,
];

const BY_NAME = new Map(FUNCTIONS.map((spec) => [spec.name, spec]));

export function functionSpec(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The page of Timestream's developer guide that documents each category. */
export const CATEGORY_PAGES: Readonly<Record<Category, { title: string; page: string }>> = {
  conditional: { title: 'Conditional and comparison', page: 'conditional-expressions.html' },
  conversion: { title: 'Conversion', page: 'conversion-functions.html' },
  math: { title: 'Mathematical', page: 'mathematical-functions.html' },
  string: { title: 'String', page: 'string-functions.html' },
  array: { title: 'Array', page: 'array-functions.html' },
  bitwise: { title: 'Bitwise', page: 'bitwise-functions.html' },
  regexp: { title: 'Regular expression', page: 'regex-functions.html' },
  datetime: { title: 'Date and time', page: 'date-time-functions.html' },
  aggregate: { title: 'Aggregate', page: 'aggregate-functions.html' },
  window: { title: 'Window', page: 'window-functions.html' },
  timeseries: { title: 'Time series', page: 'timeseries-specific-constructs.functions.html' },
};

/** The Markdown table of docs/emulator.md ("Functions"), one row per function, then the category links. */
export function functionTable(): string {
  const lines = ['| Function | Category | In the emulator | Notes |', '|---|---|---|---|'];
  const categories = Object.keys(CATEGORY_PAGES) as Category[];
  for (const category of categories) {
    const specs = FUNCTIONS.filter((entry) => entry.category === category).sort((a, b) => a.name.localeCompare(b.name));
    for (const spec of specs) {
      const status = spec.translate ? 'runs' : '**refused** (ValidationException)';
      const note = spec.note.replace(/\|/g, '\\|');
      lines.push(`| \`${spec.name}\` | [${CATEGORY_PAGES[category].title}][fn-${category}] | ${status} | ${note} |`);
    }
  }
  lines.push('');
  for (const category of categories)
    lines.push(
      `[fn-${category}]: https://docs.aws.amazon.com/timestream/latest/developerguide/${CATEGORY_PAGES[category].page}`,
    );
  return lines.join('\n');
}

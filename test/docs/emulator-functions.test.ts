import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withFunctionTable } from '../../src/emulator/timestream/translate/functions/function-table-doc.ts';
import { FUNCTIONS, functionTable } from '../../src/emulator/timestream/translate/functions/registry.ts';

describe('docs/emulator.md function table', () => {
  it('is the one the registry generates (npm run docs:functions)', () => {
    const document = readFileSync('docs/emulator.md', 'utf8');
    expect(withFunctionTable(document, functionTable())).toBe(document);
  });

  it('has a row for every function, each saying whether it runs', () => {
    const table = functionTable();
    for (const spec of FUNCTIONS) expect(table).toContain(`| \`${spec.name}\` |`);
    expect(table.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(FUNCTIONS.length);
  });
});

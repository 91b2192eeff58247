/**
 * Whatever a user sends, the emulator answers or refuses with a 4xx and a reason — never a 5xx:
 * every function of the registry called with arguments of every kind, and arbitrary text.
 */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../../src/emulator/timestream/translate/functions/registry.ts';
import { useEmulator } from '../../../support/emulator.ts';

const fixture = useEmulator({ paceAnswers: false });

async function outcome(sql: string): Promise<string> {
  try {
    await fixture.clients.query.send(new QueryCommand({ QueryString: sql }));
    return 'answered';
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
    return status >= 400 && status < 500
      ? 'refused'
      : `${(error as Error).name} ${status}: ${(error as Error).message}`;
  }
}

const ARGUMENTS = [
  '1',
  '-2.5',
  "'text'",
  'NULL',
  'true',
  "TIMESTAMP '2024-01-01 00:00:00'",
  '1h',
  'ARRAY[1, 2]',
  "ARRAY['a']",
  'x -> x',
  '(s, x) -> s',
];

describe('no 5xx', () => {
  it('for any registry function with any arguments', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FUNCTIONS.map((spec) => spec.name)),
        fc.array(fc.constantFrom(...ARGUMENTS), { maxLength: 4 }),
        async (name, args) => {
          const sql = `SELECT ${name}(${args.join(', ')})`;
          const result = await outcome(sql);
          if (result !== 'answered' && result !== 'refused') failures.push(`${sql} → ${result}`);
        },
      ),
      { numRuns: 600 },
    );
    expect(failures).toEqual([]);
  });

  it('for arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (text) => {
        for (const sql of [text, `SELECT ${text}`]) expect(['answered', 'refused']).toContain(await outcome(sql));
      }),
      { numRuns: 200 },
    );
  });
});

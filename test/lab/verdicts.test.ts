import { describe, expect, it } from 'vitest';
import { forPeople } from '../../src/lab/verdicts.ts';

describe('forPeople', () => {
  it.each([
    [0.018755, '0.019'],
    [1234.5, '1,200'],
    [42, '42'],
    [0.5, '0.5'],
    [99_999, '100,000'],
  ])('%d → %s', (value, shown) => {
    expect(forPeople(value)).toBe(shown);
  });
});

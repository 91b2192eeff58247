import { describe, expect, it } from 'vitest';
import { formatDouble, formatTimestampMicros } from '../../../../src/emulator/timestream/query/result-format.ts';
import { finishRowJson } from '../../../../src/emulator/timestream/query/sql-formatting.ts';

describe('formatDouble (as Java prints doubles, like Timestream)', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [90.25268864587973, '90.25268864587973'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1.5e-7, '1.5E-7'],
    [1e7, '1.0E7'],
    [123456789.5, '1.234567895E8'],
    [-2.5, '-2.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('%d → %s', (value, text) => {
    expect(formatDouble(value)).toBe(text);
  });
});

describe('formatTimestampMicros', () => {
  it('prints UTC with nine fractional digits', () => {
    expect(formatTimestampMicros(Date.UTC(2025, 4, 28, 9, 59, 59, 999) * 1000 + 123)).toBe(
      '2025-05-28 09:59:59.999123000',
    );
    expect(formatTimestampMicros(0)).toBe('1970-01-01 00:00:00.000000000');
  });
});

describe('finishRowJson', () => {
  it('rewrites marked doubles in Java notation and leaves the rest', () => {
    expect(
      finishRowJson(
        '{"Data":[{"ScalarValue":"\u00011e-05"},{"ScalarValue":"\u000110000000.0"},{"ScalarValue":"\u0001inf"},{"ScalarValue":"2.5"}]}',
      ),
    ).toBe(
      '{"Data":[{"ScalarValue":"1.0E-5"},{"ScalarValue":"1.0E7"},{"ScalarValue":"Infinity"},{"ScalarValue":"2.5"}]}',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinnedValues, readPlan, timeBounds } from '../../../../src/emulator/timestream/query/query-plan.ts';

const micros = (iso: string) => Date.parse(`${iso}Z`) * 1000;

describe('readPlan', () => {
  it('finds each table scan with its columns and filters, and counts the heavy operators', () => {
    const plan = JSON.stringify([
      {
        name: 'TOP_N',
        children: [
          {
            name: 'HASH_GROUP_BY',
            children: [
              {
                name: 'SEQ_SCAN',
                extra_info: {
                  Table: 'memory."iot-db"."t$data"',
                  Projections: ['deviceNo', 'v'],
                  Filters: [
                    "optional: deviceNo IN ('d1', 'd2')",
                    "time>='2025-01-01 00:00:00'::TIMESTAMP AND time<='2025-01-01 01:00:00'::TIMESTAMP",
                  ],
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(readPlan(plan)).toEqual({
      heavyOperators: 2,
      scans: [
        {
          schema: 'iot-db',
          table: 't$data',
          columns: ['deviceNo', 'v'],
          filters: [
            "optional: deviceNo IN ('d1', 'd2')",
            "time>='2025-01-01 00:00:00'::TIMESTAMP",
            "time<='2025-01-01 01:00:00'::TIMESTAMP",
          ],
        },
      ],
    });
  });
});

describe('timeBounds', () => {
  it('reads inclusive and exclusive bounds, quoted or not, and keeps the tightest', () => {
    expect(
      timeBounds([
        `"time">='2025-01-01 00:00:00'::TIMESTAMP`,
        `time<'2025-01-01 02:00:00'::TIMESTAMP`,
        `time<='2025-01-01 03:00:00'::TIMESTAMP`,
      ]),
    ).toEqual({ from: micros('2025-01-01T00:00:00'), to: micros('2025-01-01T02:00:00'), isToExclusive: true });
    expect(timeBounds(["deviceNo='x'"])).toEqual({
      from: Number.NEGATIVE_INFINITY,
      to: Number.POSITIVE_INFINITY,
      isToExclusive: false,
    });
  });
});

describe('pinnedValues', () => {
  it('reads equalities and IN lists (optional ones too), intersecting them', () => {
    expect(pinnedValues(["deviceNo='d3'"], 'deviceNo')).toEqual(new Set(['d3']));
    expect(pinnedValues(["optional: measure_name IN ('a', 'it''s')"], 'measure_name')).toEqual(new Set(['a', "it's"]));
    expect(pinnedValues(["state IN ('a', 'b')", "state='b'"], 'state')).toEqual(new Set(['b']));
  });

  it('pins nothing through a function, LIKE, or another column', () => {
    expect(pinnedValues(["(lower(state) = 'a')"], 'state')).toBeUndefined();
    expect(pinnedValues(["prefix_state='a'"], 'state')).toBeUndefined();
    expect(pinnedValues(["state ~~ 'a%'"], 'state')).toBeUndefined();
  });

  it('round-trips any set of values written as DuckDB writes an IN list (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }),
        (values) => {
          const list = values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
          expect(pinnedValues([`optional: k IN (${list})`], 'k')).toEqual(new Set(values));
        },
      ),
    );
  });
});

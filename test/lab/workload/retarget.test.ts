/** A workload's queries moved to another database: every table of the file's database, and nothing else. */
import { describe, expect, it } from 'vitest';
import { retargetDatabase } from '../../../src/lab/workload/retarget.ts';

describe('retargetDatabase', () => {
  it('rewrites the database of every table reference: FROM, JOIN, subqueries and WITH', () => {
    const sql = `WITH last AS (SELECT vin, max(time) AS t FROM "fleet"."telemetry" WHERE time > ago(1h) GROUP BY vin)
SELECT l.vin FROM last l JOIN fleet.telemetry x ON x.vin = l.vin AND x.time = l.t
WHERE l.vin IN (SELECT vin FROM "fleet"."vehicles" WHERE time > ago(1d))`;
    expect(retargetDatabase(sql, 'fleet', 'tcu_lab')).toBe(
      `WITH last AS (SELECT vin, max(time) AS t FROM "tcu_lab"."telemetry" WHERE time > ago(1h) GROUP BY vin)
SELECT l.vin FROM last l JOIN "tcu_lab".telemetry x ON x.vin = l.vin AND x.time = l.t
WHERE l.vin IN (SELECT vin FROM "tcu_lab"."vehicles" WHERE time > ago(1d))`,
    );
  });

  it('leaves strings, columns and other databases alone', () => {
    const sql = `SELECT fleet, 'fleet' AS name FROM "other"."fleet" WHERE fleet = '"fleet"."t"' AND time > ago(1h)`;
    expect(retargetDatabase(sql, 'fleet', 'lab')).toBe(sql);
  });

  it('quotes the new name as Timestream quotes identifiers', () => {
    expect(retargetDatabase('SELECT 1 FROM "a"."t"', 'a', 'my-lab.db')).toBe('SELECT 1 FROM "my-lab.db"."t"');
  });
});

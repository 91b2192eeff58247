/**
 * The case study's two production queries and their optimized twins, with "dynamic SQL": the time
 * constants are computed from the window the data covers, rotating in 5-minute steps (execution k
 * moves the upper bound back by (k mod 12) × 5 min), so repeated runs are not the same query text.
 *
 * SQL1 as the case study wrote it is only its `latest_record` CTE (max(time) per system, device and
 * name for 3 devices and 44 names); the blog does not show the statement that uses it. We complete it
 * the usual way: an outer SELECT joining the CTE back to the table for the value at `latest_time`.
 * Its twin reads the energy table with ROW_NUMBER() over a 1-hour look-back window.
 * SQL2 (5-minute BIN averages of 8 power metrics for one system and product) runs as written; its twin
 * reads the power table, where `measure_name` is the metric.
 */
import { ENERGY_METRICS, MINUTE_MS, POWER_METRICS, device, type DataWindow } from './scenario.ts';

export type QueryName = 'sql1' | 'sql2';
export type Schema = 'legacy' | 'optimized';

export const SQL1_DEVICES = [device(0), device(1), device(2)].map((each) => each.deviceNo);
export const SQL2_SYSTEM = device(0).systemId;
export const SQL2_PRODUCT = device(0).productKey;
const ROTATION_STEP_MS = 5 * MINUTE_MS;
const ROTATION_STEPS = 12;
const LOOK_BACK_MS = 60 * MINUTE_MS;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const table = (database: string, name: string) => `"${database.replace(/"/g, '""')}"."${name}"`;

export interface QueryTexts {
  readonly sql1: string;
  readonly sql2: string;
}

function bounds(window: DataWindow, rotation: number): { upper: number } {
  return { upper: window.endMs - (rotation % ROTATION_STEPS) * ROTATION_STEP_MS };
}

export function legacyQueries(database: string, window: DataWindow, rotation = 0): QueryTexts {
  const { upper } = bounds(window, rotation);
  const legacy = table(database, 'legacy');
  const sql1 = `WITH latest_record as (
    select systemId, deviceNo, name, max(time) as latest_time
    FROM ${legacy}
    WHERE "value">0
      AND "time"<=from_milliseconds(${upper})
      AND (${SQL1_DEVICES.map((deviceNo) => `"deviceNo"=${quote(deviceNo)}`).join(' OR ')})
      AND (${ENERGY_METRICS.map((name) => `"name"=${quote(name)}`).join(' OR ')})
    group by systemId, deviceNo, name
)
SELECT l.systemId, l.deviceNo, l.name, l.latest_time AS time, t."value"
FROM latest_record l
JOIN ${legacy} t ON t.systemId = l.systemId AND t.deviceNo = l.deviceNo AND t.name = l.name AND t.time = l.latest_time`;
  const sql2 = `select BIN(time, 5m) as time, name, AVG(value) as value, modelKey, productKey, deviceNo
from ${legacy}
WHERE "systemId"=${quote(SQL2_SYSTEM)}
  AND "productKey"=${quote(SQL2_PRODUCT)}
  AND "time">=from_milliseconds(${window.startMs})
  AND "time"<=from_milliseconds(${upper})
  AND (${POWER_METRICS.map((name) => `"name"=${quote(name)}`).join(' OR ')})
group by name, BIN(time, 5m), productKey, modelKey, deviceNo
order by time asc`;
  return { sql1, sql2 };
}

export function optimizedQueries(database: string, window: DataWindow, rotation = 0): QueryTexts {
  const { upper } = bounds(window, rotation);
  const sql1 = `SELECT systemId, deviceNo, measure_name AS name, time, value
FROM (
  SELECT systemId, deviceNo, measure_name, time, value,
    ROW_NUMBER() OVER (PARTITION BY systemId, deviceNo, measure_name ORDER BY time DESC) AS row_num
  FROM ${table(database, 'energy')}
  WHERE time BETWEEN from_milliseconds(${upper - LOOK_BACK_MS}) AND from_milliseconds(${upper})
    AND deviceNo IN (${SQL1_DEVICES.map(quote).join(', ')})
    AND measure_name IN (${ENERGY_METRICS.map(quote).join(', ')})
    AND value > 0
)
WHERE row_num = 1`;
  const sql2 = `select BIN(time, 5m) as time, measure_name AS name, AVG(value) as value, modelKey, productKey, deviceNo
from ${table(database, 'power')}
WHERE systemId=${quote(SQL2_SYSTEM)}
  AND productKey=${quote(SQL2_PRODUCT)}
  AND time BETWEEN from_milliseconds(${window.startMs}) AND from_milliseconds(${upper})
  AND measure_name IN (${POWER_METRICS.map(quote).join(', ')})
group by measure_name, BIN(time, 5m), productKey, modelKey, deviceNo
order by time asc`;
  return { sql1, sql2 };
}

export function queriesFor(schema: Schema, database: string, window: DataWindow, rotation = 0): QueryTexts {
  return schema === 'legacy' ? legacyQueries(database, window, rotation) : optimizedQueries(database, window, rotation);
}

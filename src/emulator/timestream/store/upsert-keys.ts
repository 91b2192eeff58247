/**
 * The keys a table already holds, as 30-bit hashes in memory: a miss means the record is certainly
 * new (the fast path, an append); a hit is checked exactly against DuckDB (rare: duplicates, upserts,
 * hash collisions). A record's key is its dimensions, measure_name and time — what Timestream upserts on.
 */
import type { TableMeta } from '../catalog.ts';
import { quoteIdent, type Engine } from '../engine.ts';
import { timeNanosOf, type NormalizedRecord } from '../records.ts';

/** FNV-1a, folded to 30 bits so the keys are V8 small integers (a compact Set). */
export function hash30(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x3fffffff;
}

/**
 * The upsert key (dimensions, measure_name, time), spelled in the table's dimension order — which only
 * ever grows at the end — so no per-record sort is needed and keys stay stable as dimensions are added.
 */
export function recordKey(
  tableDimensions: readonly string[],
  dimensions: ReadonlyMap<string, string>,
  measureName: string,
  timeNanos: bigint,
): string {
  let key = `${timeNanos}\u0003${measureName}`;
  for (let index = 0; index < tableDimensions.length; index += 1) {
    const value = dimensions.get(tableDimensions[index]!);
    if (value !== undefined) key += `\u0002${index}\u0001${value}`;
  }
  return key;
}

export function keyOf(meta: TableMeta, record: NormalizedRecord): string {
  return recordKey(meta.dimensions, record.dimensions, record.measureName, timeNanosOf(record));
}

export class UpsertKeys {
  private readonly hashes = new Set<number>();

  /** Hashes of the keys already stored (after a restart); read once, before the first write. */
  static async load(engine: Engine, meta: TableMeta, source: string): Promise<UpsertKeys> {
    const keys = new UpsertKeys();
    const dims = meta.dimensions.map(quoteIdent);
    const rows = (await (
      await engine.exec(
        `SELECT measure_name, epoch_ns(time)${dims.length ? `, ${dims.join(', ')}` : ''} FROM ${source}`,
      )
    ).getRows()) as (string | bigint | null)[][];
    for (const row of rows) {
      const dimensions = new Map<string, string>();
      meta.dimensions.forEach((name, index) => {
        const value = row[index + 2];
        if (value !== null && value !== undefined) dimensions.set(name, String(value));
      });
      keys.add(hash30(recordKey(meta.dimensions, dimensions, String(row[0]), BigInt(row[1] as bigint))));
    }
    return keys;
  }

  /** Whether a row with this key hash (`hash30`) may be stored (false: certainly not). */
  mayHold(hash: number): boolean {
    return this.hashes.has(hash);
  }

  add(hash: number): void {
    this.hashes.add(hash);
  }
}

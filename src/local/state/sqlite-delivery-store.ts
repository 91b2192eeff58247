/**
 * DeliveryStore in the local state file. Every method runs synchronously on one connection, so each
 * read-modify-write is atomic within the process that owns the file (state-file.ts) — the same
 * guarantee the memory store gives, kept across a restart.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ClaimResult, DeliveryStore } from '../../chat/outbox/delivery-store.ts';
import { EMPTY_LANE, storedLane, type LaneChange, type LaneState } from '../../chat/outbox/lane.ts';

interface DeliveryRow {
  owner: string | null;
  expires_at_ms: number;
}

export class SqliteDeliveryStore implements DeliveryStore {
  private readonly readDelivery: StatementSync;
  private readonly writeDelivery: StatementSync;
  private readonly readLane: StatementSync;
  private readonly writeLane: StatementSync;

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => number = Date.now,
  ) {
    this.readDelivery = db.prepare('SELECT owner, expires_at_ms FROM deliveries WHERE key = ?');
    this.writeDelivery = db.prepare(
      'INSERT INTO deliveries (key, owner, expires_at_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms',
    );
    this.readLane = db.prepare('SELECT lane FROM lanes WHERE id = ?');
    this.writeLane = db.prepare(
      'INSERT INTO lanes (id, lane) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET lane = excluded.lane',
    );
  }

  isDelivered(key: string, nowMs: number): Promise<boolean> {
    const row = this.readDelivery.get(key) as DeliveryRow | undefined;
    return Promise.resolve(row !== undefined && row.owner === null && row.expires_at_ms > nowMs);
  }

  markDelivered(keys: readonly string[], expiresAtMs: number): Promise<void> {
    this.db.exec('BEGIN');
    for (const key of keys) this.writeDelivery.run(key, null, expiresAtMs);
    // Forget what is past its dedupe window while here: the file stays the size of one window.
    this.db.prepare('DELETE FROM deliveries WHERE owner IS NULL AND expires_at_ms < ?').run(this.now());
    this.db.exec('COMMIT');
    return Promise.resolve();
  }

  claim(key: string, owner: string, nowMs: number, leaseUntilMs: number): Promise<ClaimResult> {
    const row = this.readDelivery.get(key) as DeliveryRow | undefined;
    if (row && row.expires_at_ms > nowMs && row.owner === null) return Promise.resolve('delivered');
    if (row && row.expires_at_ms > nowMs && row.owner !== owner) return Promise.resolve('held');
    this.writeDelivery.run(key, owner, leaseUntilMs);
    return Promise.resolve('claimed');
  }

  release(key: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM deliveries WHERE key = ? AND owner = ?').run(key, owner);
    return Promise.resolve();
  }

  updateLane<T>(laneId: string, change: (lane: LaneState) => LaneChange<T>): Promise<T> {
    const row = this.readLane.get(laneId) as { lane: string } | undefined;
    const { lane, result } = change(row ? storedLane(row.lane) : EMPTY_LANE);
    this.writeLane.run(laneId, JSON.stringify(lane));
    return Promise.resolve(result);
  }
}

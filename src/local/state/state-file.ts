/**
 * The local bot's state file (SQLite, built into Node: `node:sqlite`): what was delivered, each
 * destination's lane, when alarms began, and the alarm journal — so a bot killed mid-storm and started
 * again finishes what it acknowledged without posting anything twice.
 *
 * One process owns the file: it is opened in SQLite's exclusive locking mode, and a second bot on the
 * same file is refused by name. That is also why opening may free every claim and digest in flight:
 * whoever held them was this file's previous owner, and it is gone.
 * Each write commits before the call returns (WAL, synchronous=FULL): acknowledged means on disk.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { orphanInFlight, storedLane } from '../../chat/outbox/lane.ts';

export class StateFileInUseError extends Error {
  override name = 'StateFileInUseError';
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS deliveries (key TEXT PRIMARY KEY, owner TEXT, expires_at_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS lanes (id TEXT PRIMARY KEY, lane TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS alarm_since (key TEXT PRIMARY KEY, since_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS journal (id TEXT PRIMARY KEY, entry TEXT NOT NULL, accepted_at_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS mutes (name TEXT PRIMARY KEY, until_ms INTEGER NOT NULL, by_user TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS slack_posts (key TEXT PRIMARY KEY, post TEXT NOT NULL, expires_at_ms INTEGER NOT NULL);
`;

/** Opens (creating if need be) the state file at `path`, or ':memory:' for a bot that keeps nothing. */
export function openStateFile(path: string, nowMs: number): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: 0 });
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    // The exclusive lock is taken by the first write and held until the file is closed.
    db.exec(`BEGIN EXCLUSIVE; ${SCHEMA} COMMIT;`);
  } catch (error) {
    db.close();
    if (/locked|busy/i.test((error as Error).message))
      throw new StateFileInUseError(`${path} is in use by another tcu-bot process`, { cause: error });
    throw error;
  }
  recoverFromPreviousOwner(db, nowMs);
  return db;
}

function recoverFromPreviousOwner(db: DatabaseSync, nowMs: number): void {
  db.exec('BEGIN');
  db.prepare('DELETE FROM deliveries WHERE owner IS NOT NULL').run();
  const update = db.prepare('UPDATE lanes SET lane = ? WHERE id = ?');
  for (const row of db.prepare('SELECT id, lane FROM lanes').all() as { id: string; lane: string }[]) {
    update.run(JSON.stringify(orphanInFlight(storedLane(row.lane), nowMs)), row.id);
  }
  db.exec('COMMIT');
}

/** The alarm journal in the local state file: an acknowledged alarm is a committed row until delivered. */
import type { DatabaseSync } from 'node:sqlite';
import type { AlarmJournal, JournalEntry } from '../../alarms/alarm-intake.ts';

export class SqliteAlarmJournal implements AlarmJournal {
  constructor(private readonly db: DatabaseSync) {}

  add(entry: JournalEntry): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO journal (id, entry, accepted_at_ms) VALUES (?, ?, ?)')
      .run(entry.inbound.id, JSON.stringify(entry), entry.acceptedAtMs);
    return result.changes === 1;
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM journal WHERE id = ?').run(id);
  }

  size(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  }

  entries(): JournalEntry[] {
    const rows = this.db.prepare('SELECT entry FROM journal ORDER BY accepted_at_ms, id').all() as { entry: string }[];
    return rows.map((row) => JSON.parse(row.entry) as JournalEntry);
  }
}

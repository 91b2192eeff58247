/**
 * The engine's writer guard (appender flushes are synchronous and must not overlap a writer statement),
 * and its close, which must wait for running statements: a connection closed under one hangs the process.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/emulator/timestream/engine.ts';

describe('Engine writer guard', () => {
  it('says the writer is busy while a statement runs, and idle once all have finished', async () => {
    const engine = await Engine.open(undefined, 1);
    try {
      expect(engine.isWriterBusy).toBe(false);
      const first = engine.exec('CREATE TABLE a AS SELECT range AS x FROM range(200000)');
      const second = engine.exec('CREATE TABLE b AS SELECT range AS x FROM range(1000)');
      expect(engine.isWriterBusy).toBe(true);
      let idle = false;
      const waited = engine.writerIdle().then(() => {
        idle = true;
        return engine.isWriterBusy;
      });
      await first;
      await second;
      expect(await waited).toBe(false);
      expect(idle).toBe(true);
      // A statement that fails still leaves the writer idle.
      await expect(engine.exec('SELECT * FROM missing_table')).rejects.toThrow();
      expect(engine.isWriterBusy).toBe(false);
      await engine.writerIdle();
    } finally {
      await engine.close();
    }
  });

  it('closes only once running statements have ended, and refuses work asked for after', async () => {
    const engine = await Engine.open(undefined, 1);
    const settled: string[] = [];
    const writing = engine
      .exec('CREATE TABLE big AS SELECT range AS x, md5(range::VARCHAR) AS m FROM range(3000000)')
      .then(() => settled.push('writer'));
    const reading = engine
      .withReader((connection) => connection.run('SELECT count(DISTINCT md5(range::VARCHAR)) FROM range(3000000)'))
      .then(() => settled.push('reader'));
    // Queued behind the busy reader before the close: it is served, and the close waits for it too.
    const queued = engine.withReader((connection) => connection.run('SELECT 1')).then(() => settled.push('queued'));
    await engine.close();
    settled.push('closed');
    await Promise.all([writing, reading, queued]);
    expect(settled.at(-1)).toBe('closed');
    expect(settled.toSorted()).toEqual(['closed', 'queued', 'reader', 'writer']);
    await expect(engine.exec('SELECT 1')).rejects.toThrow(/shutting down/);
    await expect(engine.withReader(() => Promise.resolve(1))).rejects.toThrow(/shutting down/);
  });
});

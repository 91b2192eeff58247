import { describe, expect, it } from 'vitest';
import { GRAMMAR, usageOf } from '../../src/commands/grammar.ts';
import { CommandError, helpText, parseCommand } from '../../src/commands/parse.ts';

describe('parseCommand', () => {
  it.each([
    ['/tcu status', 'tcu-status'],
    ['/tcu', 'tcu-status'],
    ['  /TCU   Status ', 'tcu-status'],
    ['@tcu-bot /tcu status', 'tcu-status'],
    ['tcu status', 'tcu-status'],
    ['/tcu help', 'help'],
    ['/setup', 'setup'],
    ['/datagen start', 'datagen-start'],
    ['/datagen status', 'datagen-status'],
    ['/datagen stop', 'datagen-stop'],
    ['/loadtest start sql1=50 sql2=50', 'loadtest-start'],
    ['/loadtest status', 'loadtest-status'],
    ['/loadtest stop', 'loadtest-stop'],
    ['/optimize report', 'optimize-report'],
    ['/cost check', 'cost-check'],
  ])('%j → %s', (text, kind) => {
    expect(parseCommand(text).kind).toBe(kind);
  });

  it('reads options and flags', () => {
    const loadtest = parseCommand('/loadtest start sql1=50 sql2=50 duration=5m every=5m schema=optimized');
    expect(loadtest.options).toEqual({ sql1: '50', sql2: '50', duration: '5m', every: '5m', schema: 'optimized' });
    const datagen = parseCommand('/datagen start scale=2 resume');
    expect(datagen.options).toEqual({ scale: '2' });
    expect([...datagen.flags]).toEqual(['resume']);
  });

  it('takes the day of /cost check as a plain value, once, and shows it in the usage', () => {
    expect(parseCommand('/cost check 2026-12-03').argument).toBe('2026-12-03');
    expect(parseCommand('/cost check').argument).toBeUndefined();
    expect(() => parseCommand('/cost check 2026-13-03')).toThrow('unexpected 2026-13-03');
    expect(() => parseCommand('/cost check 2026-12-03 2026-12-04')).toThrow('unexpected 2026-12-04');
    expect(() => parseCommand('/tcu status 2026-12-03')).toThrow('unexpected 2026-12-03');
    expect(usageOf(GRAMMAR.find((spec) => spec.kind === 'cost-check')!)).toBe('/cost check [YYYY-MM-DD]');
  });

  it('takes the rest of an /advise message as its query, verbatim', () => {
    const sql = 'SELECT a\nFROM "db"."t"   WHERE x = \'k=v\'';
    expect(parseCommand(`/advise ${sql}`).argument).toBe(sql);
    expect(parseCommand(`@bot  advise   ${sql}`).argument).toBe(sql);
    expect(() => parseCommand('/advise  ')).toThrow('<sql> is required');
    expect(usageOf(GRAMMAR.find((spec) => spec.kind === 'advise')!)).toBe('/advise <sql>');
  });

  it.each([
    ['/tcu stauts', '/tcu status'],
    ['/lodtest start sql1=5', '/loadtest start sql1=5'],
    ['/loadtest strat sql1=5', '/loadtest start sql1=5'],
    ['/loadtest start sq1=5 duration=1m', '/loadtest start sql1=5 duration=1m'],
    ['/optimize report rat=5', '/optimize report rate=5'],
  ])('suggests %j → %j for a near miss', (typed, meant) => {
    try {
      parseCommand(typed);
      expect.unreachable();
    } catch (error) {
      expect((error as CommandError).suggestion).toBe(meant);
    }
  });

  it('suggests nothing for text that is far from every command', () => {
    expect(() => parseCommand('/deploy now')).toThrow(CommandError);
    try {
      parseCommand('/deploy now');
    } catch (error) {
      expect((error as CommandError).suggestion).toBeUndefined();
    }
  });

  it('accepts DingTalk text with a full-width space', () => {
    expect(parseCommand('/loadtest\u3000start sql1=2').options).toEqual({ sql1: '2' });
  });

  it.each([
    ['', 'empty command', GRAMMAR.length],
    ['/deploy now', 'unknown command /deploy', GRAMMAR.length],
    ['/loadtest', '/loadtest needs a sub-command', 3],
    ['/loadtest begin', '/loadtest has no sub-command begin', 3],
    [
      '/loadtest start sql3=5 sql1= sql1=2 sql1=3 now',
      'unknown option sql3; sql1= needs a value; sql1 given twice; unexpected now',
      1,
    ],
    ['/setup please', 'unexpected please', 1],
  ])('%j is refused with the reason and the right usage', (text, message, usageLines) => {
    const error = (() => {
      try {
        parseCommand(text);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a CommandError');
    })();
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(message);
    expect((error as CommandError).usage).toHaveLength(usageLines);
  });

  it('shows the usage of the command it was about', () => {
    try {
      parseCommand('/loadtest start turbo');
    } catch (error) {
      expect((error as CommandError).usage).toEqual([
        '/loadtest start [sql1=N] [sql2=N] [duration=5m] [every=5m] [rate=Q] [schema=legacy|optimized] [workload=name]',
      ]);
    }
  });
});

describe('helpText', () => {
  it('is generated from the grammar, one line per command, costly ones marked', () => {
    const help = helpText();
    expect(help).toHaveLength(GRAMMAR.length);
    expect(help).toContain(
      '/tcu status — QueryTCU now and over 15 min / 1 h / 24 h, MaxQueryTCU, and the daily Timestream cost',
    );
    expect(help.find((line) => line.startsWith('/setup'))).toMatch(/allowed users only/);
    for (const spec of GRAMMAR) expect(help.some((line) => line.startsWith(usageOf(spec)))).toBe(true);
  });
});

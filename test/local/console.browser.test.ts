/**
 * The console page in a real browser (Debian's chromium driven by playwright-core): the whole local
 * bot — emulator, bot, page — started as `npm start` starts it. Screenshots of each step are saved
 * under test-results/ (CI keeps them as artifacts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../src/local/local-bot.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-results';
const folder = mkdtempSync(join(tmpdir(), 'tcu-console-'));
let bot: LocalBot;
let browser: Browser;
let page: Page;
/** Every URL the page asked for: it must work offline (no CDN, no fonts or scripts from elsewhere). */
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  mkdirSync(SHOTS, { recursive: true });
  bot = await startLocalBot({
    port: 0,
    dataPath: ':memory:',
    env: {
      LOG_LEVEL: 'silent',
      ALLOWED_USERS: 'console:operator',
      TIMESTREAM_ENDPOINT: undefined,
      LAB_CHECKPOINT: join(folder, 'checkpoint.json'),
    },
    write: () => undefined,
    // The page's drawing is tested here; the sides' separation in time in lab/workload-compare.test.ts.
    compareSettle: () => Promise.resolve(),
    // A smaller story (lab/story/story.test.ts checks it in detail): less data, MaxQueryTCU and alarm to match.
    storyOptions: { scale: 0.3, maxQueryTcu: 32, params: { tcuAlarmThreshold: 24 } },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root in a container, with no network beyond loopback: no sandbox, no background fetches.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(bot.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function send(command: string, user = 'operator'): Promise<void> {
  await page.selectOption('#user', user);
  await page.fill('#command', command);
  await page.keyboard.press('Enter');
}

/** The transcript's reply messages so far. */
const replies = () => page.locator('li.message.replies');

describe('the console page', () => {
  it('answers /tcu status typed in the chat box, drawn as DingTalk and as Slack', async () => {
    await send('/tcu status');
    const reply = replies().last();
    await reply.waitFor({ timeout: 15_000 });
    await expect.poll(() => reply.locator('.pane.dingtalk').innerText()).toContain('QueryTCU');
    await expect.poll(() => reply.locator('.pane.slack').innerText()).toContain('QueryTCU');
    // The Slack pane is Block Kit drawn as HTML: a header block and fields, not raw JSON.
    expect(await reply.locator('.pane.slack .bk-header').count()).toBeGreaterThan(0);
    expect(await page.locator('li.command code').last().innerText()).toBe('/tcu status');
    await page.screenshot({ path: `${SHOTS}/console-tcu-status.png` });
  });

  it('applies the allowlist to the user chosen', async () => {
    const before = await replies().count();
    await send('/setup', 'guest');
    await expect.poll(() => replies().count(), { timeout: 15_000 }).toBe(before + 1);
    expect(await replies().last().innerText()).toMatch(/not allowed|allowlist|ALLOWED_USERS/i);
  });

  it('runs a 3-second load test: the charts receive points each second and the report arrives', async () => {
    await send('/datagen start scale=0.1');
    await expect
      .poll(async () => (await replies().allInnerTexts()).some((text) => text.includes('Data generation complete')), {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(true);

    await send('/loadtest start sql1=2 sql2=2 duration=3s');
    await page.locator('#charts').waitFor({ state: 'visible', timeout: 20_000 });
    const points = page.locator('#chart-rate polyline[data-series="sql1 q/s"]');
    await expect
      .poll(async () => Number((await points.getAttribute('data-points')) ?? 0), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    expect(await page.locator('#chart-latency polyline').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-tcu polyline[data-series="MaxQueryTCU"]').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/console-loadtest-charts.png` });

    const report = page.locator('article.report').first();
    await report.waitFor({ timeout: 45_000 });
    expect(await report.locator('h3').innerText()).toContain('Load test report');
    const rows = await report.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\t')[0])).toEqual(['sql1', 'sql2']);
    expect(await report.locator('rect[data-bar]').count()).toBe(6);
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/console-loadtest-report.png` });
  });

  it('shows /optimize report as a before/after table with bar charts', async () => {
    await send('/optimize report duration=10s rate=2');
    const report = page.locator('article.report', { hasText: 'Before / after' });
    await report.waitFor({ timeout: 60_000 });
    expect(await report.locator('h3').innerText()).not.toContain('DIFFER');
    const rows = await report.locator('tbody tr').allInnerTexts();
    expect(rows.map((row) => row.split('\t')[0])).toEqual(['legacy', 'optimized']);
    // Two charts (TCU-hours, bytes scanned) × legacy and optimized.
    expect(await report.locator('rect[data-bar]').count()).toBe(4);
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/console-optimize-report.png` });
  }, 70_000);

  it('fires the sample alarm through the alarm path and shows both renderings', async () => {
    await page.click('#fire-alarm');
    const alarm = page.locator('li.message.alarms').last();
    await alarm.waitFor({ timeout: 15_000 });
    expect(await alarm.locator('.pane.dingtalk').innerText()).toContain('TimestreamQueryTCUHigh');
    expect(await alarm.locator('.pane.slack').innerText()).toContain('TimestreamQueryTCUHigh');
    expect(await alarm.locator('.pane.slack a.bk-button').count()).toBeGreaterThan(0);
    // The console has no one to mention: the DingTalk message is an ActionCard, its links on buttons.
    expect(await alarm.locator('.pane.dingtalk a.dt-button').first().getAttribute('href')).toMatch(
      /^https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=/,
    );
    // The metric graph the emulator drew, loaded from the bot (600 × 300 px).
    const graph = alarm.locator('.pane.dingtalk img.md-image');
    await expect
      .poll(() => graph.evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : 0)), {
        timeout: 10_000,
      })
      .toBe(600);
    await alarm.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/console-alarm.png` });
  });

  it('shows a storm as a DingTalk robot would get it: some alarms alone, the rest in digests', async () => {
    const before = await page.locator('li.message.alarms').count();
    await page.click('#fire-storm');
    // 30 alarms: the robot's first 10 a minute go out alone, the rest are gathered for 10 s into digests.
    await expect
      .poll(
        async () =>
          (await page.locator('li.message.alarms').allInnerTexts())
            .slice(before)
            .some((text) => /digest|汇总|合并/i.test(text)),
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    const storm = (await page.locator('li.message.alarms').count()) - before;
    expect(storm).toBeGreaterThan(1);
    expect(storm).toBeLessThan(30);
    await page.screenshot({ path: `${SHOTS}/console-storm.png` });
  }, 40_000);

  it('reads on a phone-width screen and is driven from the keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.focus('#command');
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('#command')).toBe('/optimize report duration=10s rate=2');
    await page.screenshot({ path: `${SHOTS}/console-phone.png` });
  });

  it('replays the case study from its button: alarm and cost alert in the feed, charts, then /cost check from it', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const alarmsBefore = await page.locator('li.message.alarms').count();
    await page.click('#play-story');
    await page.locator('#story').waitFor({ state: 'visible', timeout: 120_000 });
    const points = Number(await page.locator('#story-tcu polyline').first().getAttribute('data-points'));
    expect(points).toBeGreaterThan(3 * 1440 - 10);
    expect(await page.locator('#story-cost rect').count()).toBe(3);
    expect(await page.locator('#story-report').innerText()).toMatch(/ALARM/);
    const feed = (await page.locator('li.message.alarms').allInnerTexts()).slice(alarmsBefore).join('\n');
    expect(feed).toContain('tcu-bot-local-query-tcu-high');
    expect(feed).toMatch(/cost up day over day|费用/);
    await page.locator('#story').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/console-story.png` });

    await send('/cost check');
    const reply = replies().last();
    await expect
      .poll(() => reply.locator('.pane.slack').innerText(), { timeout: 15_000 })
      .toMatch(/decrease|down|−|-\d/i);
  }, 150_000);

  it('fetched nothing but the bot itself', () => {
    expect(requested.length).toBeGreaterThan(2);
    expect(requested.filter((url) => !url.startsWith(bot.url))).toEqual([]);
  });

  it('refuses console writes without the page token', async () => {
    const response = await fetch(new URL('/console/command', bot.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '/setup', user: 'operator' }),
    });
    expect(response.status).toBe(403);
  });
});

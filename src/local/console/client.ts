/// <reference lib="dom" />
/**
 * The console page's script (bundled by esbuild when `npm start` starts; no framework, no network but
 * this bot): the chat box, the transcript with each message drawn as DingTalk and as Slack would show
 * it, the alarm buttons, and SVG charts fed by the server-sent event stream.
 */
import type { ConsoleEvent } from './hub.ts';
import { renderBlockKit, renderDingTalkButtons, renderDingTalkMarkdown } from './render-html.ts';
import { showStory, showStoryStage } from './story-view.ts';
import { barChart, lineChart, type Series } from './svg-charts.ts';

type TickEvent = Extract<ConsoleEvent, { type: 'tick' }>;

const token = document.querySelector<HTMLMetaElement>('meta[name="console-token"]')!.content;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const transcript = $<HTMLOListElement>('transcript');
const form = $<HTMLFormElement>('command-form');
const input = $<HTMLInputElement>('command');
const userSelect = $<HTMLSelectElement>('user');
const status = $<HTMLParagraphElement>('status');

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour12: false });

function append(item: HTMLElement): void {
  const stick = transcript.scrollTop + transcript.clientHeight >= transcript.scrollHeight - 40;
  transcript.append(item);
  if (stick) transcript.scrollTop = transcript.scrollHeight;
}

function showEvent(event: ConsoleEvent): void {
  switch (event.type) {
    case 'command':
      append(
        el(
          'li',
          { class: 'command' },
          el('time', {}, clock(event.at)),
          el('b', {}, event.user),
          ' › ',
          el('code', {}, event.text),
        ),
      );
      return;
    case 'message': {
      const dingtalk = el(
        'section',
        { class: 'pane dingtalk', 'aria-label': 'as DingTalk shows it' },
        el('h3', {}, 'DingTalk'),
      );
      dingtalk.insertAdjacentHTML('beforeend', renderDingTalkMarkdown(event.dingtalk.text));
      if (event.dingtalk.buttons)
        dingtalk.insertAdjacentHTML('beforeend', renderDingTalkButtons(event.dingtalk.buttons));
      const slack = el('section', { class: 'pane slack', 'aria-label': 'as Slack shows it' }, el('h3', {}, 'Slack'));
      slack.insertAdjacentHTML('beforeend', renderBlockKit(event.slack.blocks, event.slack.text));
      append(
        el(
          'li',
          { class: `message ${event.feed}` },
          el(
            'div',
            { class: 'meta' },
            el('time', {}, clock(event.at)),
            event.feed === 'alarms' ? ' alarm feed' : ' reply',
          ),
          el('div', { class: 'panes' }, dingtalk, slack),
        ),
      );
      return;
    }
    case 'tick':
      recordTick(event);
      return;
    case 'loadtest-result':
      showLoadTestResult(event);
      return;
    case 'compare':
      showCompare(event);
      return;
    case 'story-stage':
      showStoryStage(event);
      return;
    case 'story':
      showStory(event);
      return;
  }
}

// ── live charts ──────────────────────────────────────────────────────────────────────────────
let ticks: TickEvent[] = [];
const QUERY_COLOURS: Record<string, string> = { sql1: '#1d6fb8', sql2: '#c2410c' };

function recordTick(tick: TickEvent): void {
  if (ticks.length > 0 && ticks[0]!.jobId !== tick.jobId) ticks = [];
  ticks.push(tick);
  $('charts').hidden = false;
  $('charts-caption').textContent =
    `Load test ${tick.jobId.slice(0, 8)}: ${tick.elapsedSeconds.toFixed(0)} of ${tick.durationSeconds} s (one point a second)`;
  drawCharts();
}

function drawCharts(): void {
  const x = (tick: TickEvent) => tick.elapsedSeconds;
  const latency: Series[] = [];
  const rate: Series[] = [];
  const throttles: Series[] = [];
  for (const query of ['sql1', 'sql2']) {
    const colour = QUERY_COLOURS[query]!;
    for (const [p, dash] of [
      ['p50', ''],
      ['p95', '6 3'],
      ['p99', '2 3'],
    ] as const) {
      latency.push({
        name: `${query} ${p}`,
        colour,
        dash,
        points: ticks.flatMap((tick) =>
          tick.perQuery[query]?.latencyMs ? [[x(tick), tick.perQuery[query].latencyMs[p]] as const] : [],
        ),
      });
    }
    rate.push({
      name: `${query} q/s`,
      colour,
      dash: '',
      points: ticks.map((tick) => [x(tick), tick.perQuery[query]?.queriesPerSecond ?? 0] as const),
    });
    throttles.push({
      name: `${query} throttled`,
      colour,
      dash: '',
      points: ticks.map((tick) => [x(tick), tick.perQuery[query]?.throttled ?? 0] as const),
    });
  }
  const withTcu = ticks.filter((tick) => tick.tcu !== undefined);
  const tcu: Series[] = [
    {
      name: 'TCU in use',
      colour: '#15803d',
      dash: '',
      points: withTcu.map((tick) => [x(tick), tick.tcu!.inUse] as const),
    },
    {
      name: 'MaxQueryTCU',
      colour: '#6b7280',
      dash: '6 4',
      points: withTcu.map((tick) => [x(tick), tick.tcu!.max] as const),
    },
  ];
  lineChart($('chart-latency'), latency, { title: 'Latency from intended start (ms)', xLabel: 's' });
  lineChart($('chart-rate'), rate, { title: 'Queries per second', xLabel: 's' });
  lineChart($('chart-throttles'), throttles, { title: 'Throttled per second', xLabel: 's' });
  // TCU in use comes from the embedded emulator's capacity model; an external endpoint does not expose it.
  const tcuTitle =
    withTcu.length > 0
      ? 'Emulator TCU in use vs MaxQueryTCU (estimate)'
      : 'TCU in use: not known (TIMESTREAM_ENDPOINT is an external emulator)';
  lineChart($('chart-tcu'), tcu, { title: tcuTitle, xLabel: 's' });
}

function table(head: string[], rows: (string | number)[][]): HTMLTableElement {
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...head.map((cell) => el('th', { scope: 'col' }, cell)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, String(cell)))))),
  );
}

function showLoadTestResult(event: Extract<ConsoleEvent, { type: 'loadtest-result' }>): void {
  const rows = Object.entries(event.perQuery).map(([query, figures]) => [
    query,
    figures.queriesPerSecond,
    figures.succeeded,
    figures.throttled,
    figures.failed,
    figures.latencyMs?.p50 ?? '—',
    figures.latencyMs?.p95 ?? '—',
    figures.latencyMs?.p99 ?? '—',
  ]);
  const chart = el('div', { class: 'chart', role: 'img', 'aria-label': 'latency percentiles per query' });
  barChart(
    chart,
    ['p50', 'p95', 'p99'].map((p) => ({
      label: p,
      values: Object.entries(event.perQuery).map(([query, figures]) => ({
        name: query,
        colour: QUERY_COLOURS[query] ?? '#444',
        value: figures.latencyMs?.[p as 'p50'] ?? 0,
      })),
    })),
    { title: 'Latency (ms)' },
  );
  const peak =
    event.tcuPeak === undefined
      ? 'QueryTCU peak: not known'
      : `QueryTCU peak (account-wide, per minute, local estimate): ${event.tcuPeak}`;
  $('reports').prepend(
    el(
      'article',
      { class: 'report', 'aria-label': 'load test report' },
      el('h3', {}, `Load test report — ${event.description} (${event.seconds} s)`),
      table(['query', 'q/s', 'ok', 'throttled', 'failed', 'p50 ms', 'p95 ms', 'p99 ms'], rows),
      chart,
      el('p', {}, peak),
    ),
  );
}

function showCompare(event: Extract<ConsoleEvent, { type: 'compare' }>): void {
  const rows = event.sides.map((side) => [
    side.schema,
    side.tcuPeak,
    side.tcuHours.toFixed(3),
    `$${side.costUsd.toFixed(4)}`,
    side.throttled,
    side.p50Ms ?? '—',
    side.bytesScanned,
  ]);
  const figure = (label: string, pick: (side: (typeof event.sides)[number]) => number, title: string) => {
    const chart = el('div', { class: 'chart', role: 'img', 'aria-label': label });
    barChart(
      chart,
      [
        {
          label: title,
          values: event.sides.map((side) => ({
            name: side.schema,
            colour: side.schema === 'legacy' ? '#9ca3af' : '#15803d',
            value: pick(side),
          })),
        },
      ],
      { title },
    );
    return chart;
  };
  $('reports').prepend(
    el(
      'article',
      { class: 'report', 'aria-label': 'before and after report' },
      el(
        'h3',
        {},
        `Before / after: the same workload, legacy vs optimized${event.answersEqual ? '' : ' — ANSWERS DIFFER'}`,
      ),
      table(['schema', 'QueryTCU peak', 'TCU-hours', 'cost', 'throttled', 'p50 ms', 'bytes scanned'], rows),
      el(
        'div',
        { class: 'chart-pair' },
        figure('TCU-hours, legacy vs optimized', (side) => side.tcuHours, 'TCU-hours (estimated)'),
        figure('bytes scanned, legacy vs optimized', (side) => side.bytesScanned, 'Bytes scanned'),
      ),
    ),
  );
}

// ── sending ──────────────────────────────────────────────────────────────────────────────────
/** Sends a write to the bot; a refusal or an unreachable bot is shown under the form, never thrown. */
function post(path: string, body: unknown): void {
  send(path, body).catch((error: unknown) => {
    status.textContent = `Not sent: ${(error as Error)?.message ?? String(error)}`;
  });
}

async function send(path: string, body: unknown): Promise<void> {
  status.textContent = '';
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-console-token': token },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { reason?: string };
    status.textContent = `Refused (HTTP ${response.status}): ${problem.reason ?? 'no reason given'}`;
  }
}

const history: string[] = [];
let historyIndex = 0;
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  history.push(text);
  historyIndex = history.length;
  input.value = '';
  post('/console/command', { text, user: userSelect.value });
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowUp' && historyIndex > 0) input.value = history[--historyIndex] ?? '';
  else if (event.key === 'ArrowDown' && historyIndex < history.length) input.value = history[++historyIndex] ?? '';
  else return;
  event.preventDefault();
});
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-command]')) {
  button.addEventListener('click', () => {
    input.value = button.dataset.command ?? '';
    input.focus();
  });
}
$('fire-alarm').addEventListener('click', () => post('/console/alarm', { kind: 'single' }));
$('fire-storm').addEventListener('click', () => post('/console/alarm', { kind: 'storm' }));
$('play-story').addEventListener('click', () => post('/console/story', {}));

// ── the stream ───────────────────────────────────────────────────────────────────────────────
const stream = new EventSource(`/console/events?token=${encodeURIComponent(token)}`);
for (const type of ['command', 'message', 'tick', 'loadtest-result', 'compare', 'story-stage', 'story']) {
  stream.addEventListener(type, (message) =>
    showEvent(JSON.parse((message as MessageEvent<string>).data) as ConsoleEvent),
  );
}
stream.addEventListener('open', () => document.body.classList.remove('offline'));
stream.addEventListener('error', () => document.body.classList.add('offline'));

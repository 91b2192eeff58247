/// <reference lib="dom" />
/**
 * The console's story card: the replay's progress, then QueryTCU per minute across the three days
 * (with MaxQueryTCU and the alarm threshold) and the cost per day, and the report's lines.
 */
import type { ConsoleEvent } from './hub.ts';
import { barChart, lineChart } from './svg-charts.ts';

type StoryStage = Extract<ConsoleEvent, { type: 'story-stage' }>;
type StoryEvent = Extract<ConsoleEvent, { type: 'story' }>;

const STAGES: Readonly<Record<string, string>> = {
  data: 'writing the lab data',
  works: 'planning each query on the emulator',
  alarm: "creating serverless.yml's QueryTCU alarm",
  quiet: 'day 1: a quiet day (legacy schema)',
  legacy: 'day 2: the busy workload on the legacy schema',
  optimized: 'day 3: the busy workload on the optimized schema',
  morning: 'the next morning: the daily cost check',
  done: 'done',
};
const DAY_COLOURS: Readonly<Record<string, string>> = { quiet: '#9ca3af', legacy: '#b42318', optimized: '#15803d' };
const HOUR_MS = 3600_000;

const byId = (id: string) => document.getElementById(id)!;

export function showStoryStage(event: StoryStage): void {
  const progress = byId('story-progress');
  (byId('play-story') as HTMLButtonElement).disabled = event.stage !== 'done' && event.stage !== 'failed';
  progress.textContent =
    event.stage === 'failed'
      ? `The story failed: ${event.failure ?? 'no reason given'}`
      : `${new Date(event.virtualAtMs).toISOString().slice(0, 16).replace('T', ' ')} UTC (virtual) — ${STAGES[event.stage] ?? event.stage}`;
}

export function showStory(event: StoryEvent): void {
  const { report } = event;
  byId('story').hidden = false;
  (byId('play-story') as HTMLButtonElement).disabled = false;
  const start = report.tcuPerMinute[0]?.[0] ?? 0;
  const hours = (ms: number) => (ms - start) / HOUR_MS;
  const end = 3 * 24;
  const alarm = report.alarm;
  lineChart(
    byId('story-tcu'),
    [
      {
        name: 'QueryTCU',
        colour: '#1d6fb8',
        dash: '',
        points: report.tcuPerMinute.map(([ms, max]) => [hours(ms), max] as const),
      },
      {
        name: `MaxQueryTCU ${report.maxQueryTcu}`,
        colour: '#b42318',
        dash: '6 4',
        points: [
          [0, report.maxQueryTcu],
          [end, report.maxQueryTcu],
        ],
      },
      {
        name: `alarm > ${alarm.threshold}`,
        colour: '#c2410c',
        dash: '2 3',
        points: [
          [0, alarm.threshold],
          [end, alarm.threshold],
        ],
      },
    ],
    { title: 'QueryTCU per minute, three days (local estimate)', xLabel: 'h' },
  );
  barChart(
    byId('story-cost'),
    report.days.map((day) => ({
      label: `${day.day} (${day.kind})`,
      values: [{ name: 'USD per day (estimated)', colour: DAY_COLOURS[day.kind] ?? '#444', value: day.costUsd }],
    })),
    { title: 'Cost per day (emulated Cost Explorer)' },
  );
  const list = document.createElement('ul');
  for (const line of event.lines) {
    const item = document.createElement('li');
    item.textContent = line;
    list.append(item);
  }
  const title = document.createElement('h3');
  title.textContent = event.title;
  const footer = document.createElement('p');
  footer.className = 'hint';
  footer.textContent = event.footer;
  byId('story-report').replaceChildren(title, list, footer);
}

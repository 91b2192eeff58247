/**
 * The console page's HTML and CSS: one column on a phone, transcript beside the charts from 1100 px.
 * Everything is served by the bot itself; nothing is fetched from elsewhere.
 */
import { escapeHtml } from './render-html.ts';

const STYLE = `
:root { color-scheme: light; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; --line: #d8dde3; --muted: #5b6570; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f8; color: #17202a; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; padding: .75rem 1rem; background: #1d3557; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0; }
header p { margin: 0; opacity: .85; font-size: .85rem; }
body.offline header::after { content: "disconnected — is npm start still running?"; color: #ffd166; font-size: .85rem; }
main { display: grid; gap: 1rem; padding: 1rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 1100px) { main { grid-template-columns: minmax(0, 1.1fr) minmax(0, .9fr); } }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem; min-width: 0; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
#transcript { list-style: none; margin: 0; padding: 0; max-height: 62vh; overflow-y: auto; }
#transcript > li { border-top: 1px solid var(--line); padding: .5rem 0; }
#transcript time { color: var(--muted); font-size: .8rem; margin-right: .5rem; }
li.command code { background: #eef2f6; padding: .1rem .3rem; border-radius: 4px; }
.meta { color: var(--muted); font-size: .8rem; margin-bottom: .25rem; }
li.alarms .meta { color: #b42318; }
.panes { display: grid; gap: .5rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 700px) { .panes { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.pane { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .6rem; overflow-wrap: anywhere; font-size: .9rem; }
.pane h3 { margin: 0 0 .3rem; font-size: .72rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.pane.dingtalk { background: #f5f9ff; }
.pane.dingtalk h4, .pane.dingtalk h5 { margin: .2rem 0 .4rem; }
.dt-buttons { display: flex; border-top: 1px solid var(--line); margin-top: .4rem; }
.dt-button { flex: 1; text-align: center; padding: .35rem; color: #3296fa; text-decoration: none; }
.dt-button + .dt-button { border-left: 1px solid var(--line); }
.pane p, .pane ul, .pane ol { margin: .3rem 0; }
.pane ul, .pane ol { padding-left: 1.2rem; }
.pane blockquote { margin: .3rem 0; padding-left: .5rem; border-left: 3px solid var(--line); color: var(--muted); }
.pane table, .report table { border-collapse: collapse; margin: .3rem 0; font-size: .85rem; }
.pane th, .pane td, .report th, .report td { border: 1px solid var(--line); padding: .15rem .4rem; text-align: left; }
.pane.slack { background: #fff; border-left: 4px solid #611f69; }
.bk-header { font-weight: 700; font-size: 1.05rem; margin-bottom: .3rem; }
.bk-section { margin: .3rem 0; }
.bk-fields { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .2rem .8rem; margin-top: .3rem; }
.bk-context { color: var(--muted); font-size: .8rem; }
.bk-divider { border: 0; border-top: 1px solid var(--line); }
.md-image, .bk-image { display: block; max-width: 100%; margin: .4rem 0; border: 1px solid var(--line); }
.bk-button { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: .15rem .6rem; margin-right: .3rem; font-weight: 600; color: #1d1c1d; text-decoration: none; }
form { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
form label { display: flex; align-items: center; gap: .3rem; font-size: .85rem; }
#command { flex: 1 1 16rem; min-width: 0; font: inherit; padding: .45rem .6rem; border: 1px solid #9aa5b1; border-radius: 6px; }
button, select { font: inherit; padding: .4rem .7rem; border-radius: 6px; border: 1px solid #9aa5b1; background: #fff; cursor: pointer; }
button.primary { background: #1d3557; color: #fff; border-color: #1d3557; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.shortcuts, .alarm-buttons { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
.shortcuts button { font-size: .8rem; padding: .2rem .5rem; }
#status { color: #b42318; min-height: 1.2em; margin: .3rem 0 0; font-size: .85rem; }
.charts { display: grid; gap: .5rem; grid-template-columns: minmax(0, 1fr); }
/* Two charts side by side only where each still gets ~500 px. */
@media (min-width: 700px) and (max-width: 1099px), (min-width: 1800px) { .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.chart svg { width: 100%; height: auto; display: block; }
svg .title { font-size: 13px; font-weight: 600; fill: #17202a; }
svg .axis, svg .legend { font-size: 11px; fill: #5b6570; }
svg .grid { stroke: #e5e9ee; }
.chart-pair { display: grid; gap: .5rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 700px) { .chart-pair { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.report { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: .5rem; overflow-x: auto; }
.report h3 { font-size: .95rem; margin: .2rem 0; }
.hint { color: var(--muted); font-size: .85rem; margin: .25rem 0; }
`;

const SHORTCUTS = [
  '/tcu status',
  '/setup',
  '/datagen start scale=0.1',
  '/loadtest start sql1=5 sql2=5 duration=30s',
  '/optimize report duration=20s',
  '/cost check',
  '/tcu help',
];

export function consolePage(token: string, users: readonly string[]): string {
  const options = users
    .map(
      (user, index) =>
        `<option value="${escapeHtml(user)}"${index === 0 ? ' selected' : ''}>${escapeHtml(user)}</option>`,
    )
    .join('');
  const shortcuts = SHORTCUTS.map(
    (command) => `<button type="button" data-command="${escapeHtml(command)}">${escapeHtml(command)}</button>`,
  ).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="console-token" content="${escapeHtml(token)}">
<title>tcu-bot console</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>tcu-bot console</h1><p>Local: the Timestream emulator, the bot, and what DingTalk and Slack would show. Figures are local estimates.</p></header>
<main>
  <section class="card" aria-labelledby="chat-heading">
    <h2 id="chat-heading">Chat</h2>
    <ol id="transcript" aria-live="polite" aria-label="transcript"></ol>
    <form id="command-form">
      <label>as <select id="user" aria-label="user">${options}</select></label>
      <input id="command" name="command" autocomplete="off" placeholder="/tcu status" aria-label="command" autofocus>
      <button class="primary" type="submit">Send</button>
    </form>
    <p id="status" role="status"></p>
    <div class="shortcuts" aria-label="example commands">${shortcuts}</div>
    <p class="hint">Enter sends; ↑ and ↓ recall earlier commands. The allowlist (ALLOWED_USERS) decides what each user may run.</p>
  </section>
  <section class="card" aria-labelledby="live-heading">
    <h2 id="live-heading">Alarms and load tests</h2>
    <div class="alarm-buttons">
      <button type="button" id="fire-alarm">Fire a sample QueryTCU alarm</button>
      <button type="button" id="fire-storm">Alarm storm (30 at once)</button>
    </div>
    <p class="hint">Alarms take the alarm function's path (SNS event → parse → outbox); the page gets them as a DingTalk robot would: at most 20 a minute, a storm as digests.</p>
    <div id="charts" hidden>
      <p id="charts-caption" class="hint"></p>
      <div class="charts">
        <div class="chart" id="chart-latency"></div>
        <div class="chart" id="chart-rate"></div>
        <div class="chart" id="chart-throttles"></div>
        <div class="chart" id="chart-tcu"></div>
      </div>
    </div>
    <div id="reports"></div>
  </section>
  <section class="card" aria-labelledby="story-heading">
    <h2 id="story-heading">The case study, replayed</h2>
    <p class="hint">Three days in virtual time, in about a minute: a quiet day, a busy day on the legacy schema (QueryTCU at a low MaxQueryTCU, throttles, serverless.yml's QueryTCU alarm, next morning's cost alert), then the same load on the optimized schema. The alarm and the cost alert arrive in the transcript as a DingTalk robot would get them; afterwards /tcu status and /cost check answer from these days.</p>
    <button type="button" id="play-story" class="primary">Replay the case study</button>
    <p id="story-progress" class="hint" role="status"></p>
    <div id="story" hidden>
      <div class="chart" id="story-tcu"></div>
      <div class="chart" id="story-cost"></div>
      <div id="story-report" class="report"></div>
    </div>
  </section>
</main>
<script src="/console/app.js"></script>
</body>
</html>`;
}

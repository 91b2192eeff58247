/**
 * GetMetricWidgetImage on the emulator through the real CloudWatch client: a valid PNG of the asked
 * size, showing the QueryTCU series the capacity model recorded, the threshold drawn as a row of its
 * colour, and the ALARM span shaded.
 */
import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmWidget } from '../../../src/alarms/graph/alarm-widget.ts';
import { parseCloudWatchAlarm } from '../../../src/alarms/cloudwatch-alarm.ts';
import { EMULATOR_CREDENTIALS } from '../../../src/timestream/clients.ts';
import { leaveStoryHistory } from '../../../src/lab/story/usage-handoff.ts';
import { anAlarm } from '../../support/builders.ts';
import { useEmulator } from '../../support/emulator.ts';

const fixture = useEmulator();
let cloudwatch: CloudWatchClient;
beforeAll(async () => {
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: fixture.emulator.endpoint,
    credentials: EMULATOR_CREDENTIALS,
  });
  // Three hours of QueryTCU, climbing from 0 to 8 TCU, as the capacity model's history.
  const toMs = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const fromMs = toMs - 3 * 3600_000;
  const minutes: [number, number, number][] = [];
  for (let at = fromMs; at < toMs; at += 60_000)
    minutes.push([at / 60_000, 0, Math.round(((at - fromMs) / (toMs - fromMs)) * 8)]);
  await leaveStoryHistory(fixture.emulator.endpoint, { fromMs, toMs, history: { minutes, billedSeconds: [] } });
});
afterAll(() => cloudwatch.destroy());

const RED = [0xd6, 0x27, 0x28];

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

/** Rows of the image where most pixels across the plot are the given colour (a drawn horizontal line). */
function rowsOf(png: PNG, [r, g, b]: number[]): number[] {
  const rows: number[] = [];
  for (let y = 0; y < png.height; y += 1) {
    let hits = 0;
    for (let x = 0; x < png.width; x += 1) {
      const at = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[at]! - r!) < 24 &&
        Math.abs(png.data[at + 1]! - g!) < 24 &&
        Math.abs(png.data[at + 2]! - b!) < 24
      )
        hits += 1;
    }
    if (hits > png.width * 0.3) rows.push(y);
  }
  return rows;
}

describe('GetMetricWidgetImage', () => {
  it('draws an alarm’s widget: a PNG of its size with the threshold row and the QueryTCU line', async () => {
    const now = Date.now();
    const alarm = parseCloudWatchAlarm(
      anAlarm()
        .at(new Date(now - 2 * 60_000).toISOString())
        .withThreshold(6)
        .json(),
    );
    if (!alarm.ok) throw new Error(alarm.problems.join('; '));
    const widget = alarmWidget(alarm.alarm, { nowMs: Date.now() })!;
    const answer = await cloudwatch.send(
      new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
    );
    const png = decode(answer.MetricWidgetImage!);
    expect([png.width, png.height]).toEqual([600, 300]);
    // The threshold (6) is a dashed red line across the plot: a row with many red pixels.
    expect(rowsOf(png, RED).length).toBeGreaterThan(0);
    // The QueryTCU series is drawn in the first series colour, inside the plot (below the legend row).
    const blue = [0x1f, 0x77, 0xb4];
    let bluePixels = 0;
    for (let at = png.width * 40 * 4; at < png.data.length; at += 4)
      if (
        Math.abs(png.data[at]! - blue[0]!) < 24 &&
        Math.abs(png.data[at + 1]! - blue[1]!) < 24 &&
        Math.abs(png.data[at + 2]! - blue[2]!) < 24
      )
        bluePixels += 1;
    // A line across 3 hours of minutes, not a legend square (100 pixels) or a dot.
    expect(bluePixels).toBeGreaterThan(400);
  });

  it('answers any widget with a PNG or a 4xx naming the problem, never a 5xx (property)', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double({ noNaN: false }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('#d62728', 'red', '"><x', 'AWS/Usage', 'ResourceCount', '-PT3H', '2026-12-04T10:00:00Z'),
    );
    const options = fc.dictionary(
      fc.constantFrom('label', 'stat', 'period', 'visible', 'expression', 'color', 'id'),
      value,
      { maxKeys: 4 },
    );
    // Mostly well-formed metrics, so the options, colours and annotations are reached.
    const metric = fc.oneof(
      fc.tuple(fc.constant('AWS/Usage'), fc.constant('ResourceCount'), fc.oneof(value, options)),
      fc.array(fc.oneof(value, options), { minLength: 1, maxLength: 6 }),
    );
    const widget = fc.record(
      {
        metrics: fc.array(metric, { minLength: 1, maxLength: 3 }),
        // Each usually valid, sometimes anything.
        start: fc.oneof({ arbitrary: fc.constant('-PT3H'), weight: 5 }, { arbitrary: value, weight: 1 }),
        end: fc.oneof({ arbitrary: fc.constant('-PT0H'), weight: 5 }, { arbitrary: value, weight: 1 }),
        width: fc.oneof({ arbitrary: fc.constant(300), weight: 5 }, { arbitrary: value, weight: 1 }),
        height: fc.oneof({ arbitrary: fc.constant(200), weight: 5 }, { arbitrary: value, weight: 1 }),
        period: fc.oneof({ arbitrary: fc.constant(60), weight: 5 }, { arbitrary: value, weight: 1 }),
        stat: fc.oneof({ arbitrary: fc.constant('Maximum'), weight: 5 }, { arbitrary: value, weight: 1 }),
        title: fc.oneof({ arbitrary: fc.string({ maxLength: 20 }), weight: 5 }, { arbitrary: value, weight: 1 }),
        annotations: fc.record(
          {
            horizontal: fc.array(fc.record({ value, label: value, color: value }, { requiredKeys: [] }), {
              maxLength: 2,
            }),
            vertical: fc.array(fc.tuple(fc.record({ value, color: value }), fc.record({ value })), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['metrics'] },
    );
    await fc.assert(
      fc.asyncProperty(widget, async (candidate) => {
        const response = await fetch(fixture.emulator.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'GraniteServiceVersion20100801.GetMetricWidgetImage',
          },
          body: JSON.stringify({ MetricWidget: JSON.stringify(candidate) }),
        });
        await response.arrayBuffer();
        return response.status === 200 || (response.status >= 400 && response.status < 500);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a widget that is not JSON, and formats other than png, by name', async () => {
    await expect(cloudwatch.send(new GetMetricWidgetImageCommand({ MetricWidget: '{nope' }))).rejects.toThrow(
      /MetricWidget is not valid JSON/,
    );
    await expect(
      cloudwatch.send(
        new GetMetricWidgetImageCommand({ MetricWidget: '{"metrics":[["A","B"]]}', OutputFormat: 'jpeg' }),
      ),
    ).rejects.toThrow(/png only/);
    await expect(
      cloudwatch.send(new GetMetricWidgetImageCommand({ MetricWidget: '{"metrics":[["A","B",{"color":"\\"><x"}]]}' })),
    ).rejects.toThrow(/metrics\[0\]\.color: a colour is six-digit hex/);
  });
});

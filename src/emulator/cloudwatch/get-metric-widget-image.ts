/**
 * CloudWatch GetMetricWidgetImage on the emulator: the MetricWidget JSON's metrics drawn from the
 * emulator's own series (QueryTCU from the capacity model; any other metric has no datapoints, as
 * CloudWatch shows a metric it never saw), with its horizontal annotations (a threshold) and vertical
 * bands (the time in ALARM), as a real PNG: the chart is SVG (src/shared/svg-chart.ts) rasterized by
 * resvg. Metric math expressions are named in the legend but not computed (the emulator has no
 * metric math). The answer is `{ MetricWidgetImage: <base64 PNG> }`, as the JSON protocol carries a blob.
 */
import { z } from 'zod';
import { svgChart, type ChartLine } from '../../shared/svg-chart.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import { AwsError } from '../errors.ts';
import { defineOperation } from '../timestream/operations/operation.ts';
import { metricPoints } from './get-metric-data.ts';

const NAMESPACE = 'com.amazonaws.cloudwatch';
const COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b'];
const invalid = (message: string) => new AwsError('InvalidParameterValueException', message, {}, NAMESPACE);

/** Colours go into the drawing as attributes: CloudWatch takes six-digit hex, and so does this. */
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is six-digit hex, such as #d62728');

/** A metric's last element, when it is an object: its rendering options. */
const metricOptions = z.object({
  label: z.string().max(512).optional(),
  stat: z.string().max(64).optional(),
  period: z
    .number()
    .int()
    .positive()
    .max(86_400 * 30)
    .optional(),
  visible: z.boolean().optional(),
  expression: z.string().max(2048).optional(),
  color: color.optional(),
});

const widgetSchema = z.object({
  metrics: z.array(z.array(z.unknown()).min(1)).min(1).max(100),
  title: z.string().optional(),
  width: z.number().int().min(1).max(2000).default(600),
  height: z.number().int().min(1).max(2000).default(400),
  start: z.string().default('-PT3H'),
  end: z.string().optional(),
  period: z.number().int().positive().default(300),
  stat: z.string().default('Average'),
  annotations: z
    .object({
      horizontal: z
        .array(
          z.object({
            value: z.number().min(-1e15).max(1e15),
            label: z.string().max(512).optional(),
            color: color.optional(),
          }),
        )
        .optional(),
      vertical: z
        .array(
          z.union([
            z.tuple([
              z.object({ value: z.string(), label: z.string().max(512).optional(), color: color.optional() }),
              z.object({ value: z.string() }),
            ]),
            z.object({ value: z.string(), label: z.string().max(512).optional(), color: color.optional() }),
          ]),
        )
        .optional(),
    })
    .optional(),
});

/** An absolute time, or a relative one (`-PT3H`, `-P1D`) counted back from `nowMs`. */
function timeOf(text: string | undefined, nowMs: number): number {
  if (text === undefined) return nowMs;
  const relative = /^-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text);
  if (relative) {
    const [, days = '0', hours = '0', minutes = '0'] = relative;
    return nowMs - ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000;
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalid(`${text} is not a time (ISO 8601, or relative such as -PT3H).`);
  return ms;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export const getMetricWidgetImage = defineOperation(
  'GetMetricWidgetImage',
  z.object({ MetricWidget: z.string().min(2).max(100_000), OutputFormat: z.string().optional() }),
  async (input, { service, clock: emulatorClock }) => {
    if (input.OutputFormat !== undefined && input.OutputFormat.toLowerCase() !== 'png')
      throw invalid('The tcu-bot emulator renders png only.');
    let json: unknown;
    try {
      json = JSON.parse(input.MetricWidget);
    } catch {
      throw invalid('MetricWidget is not valid JSON.');
    }
    const parsed = widgetSchema.safeParse(json);
    if (!parsed.success)
      throw invalid(
        `MetricWidget: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    const widget = parsed.data;
    const nowMs = emulatorClock.now();
    const fromMs = timeOf(widget.start, nowMs);
    const toMs = timeOf(widget.end, nowMs);
    if (toMs <= fromMs) throw invalid('The widget ends before it starts.');
    const lines: ChartLine[] = [];
    for (const [position, entry] of widget.metrics.entries()) {
      const last = entry.at(-1);
      const given = last !== null && typeof last === 'object' && !Array.isArray(last) ? last : {};
      const parsedOptions = metricOptions.safeParse(given);
      if (!parsedOptions.success) throw invalid(describeIssues(parsedOptions.error, `metrics[${position}]`).join('; '));
      const options = parsedOptions.data;
      if (options.visible === false) continue;
      const color = options.color ?? COLORS[lines.length % COLORS.length]!;
      if (options.expression !== undefined) {
        lines.push({ name: `${options.label ?? options.expression} (not computed)`, color, points: [] });
        continue;
      }
      const [namespace, name, ...rest] = entry.filter((part): part is string => typeof part === 'string');
      if (namespace === undefined || name === undefined) throw invalid('A metric needs its namespace and name.');
      const dimensions = [];
      for (let index = 0; index + 1 < rest.length; index += 2)
        dimensions.push({ Name: rest[index]!, Value: rest[index + 1]! });
      const stat = options.stat ?? widget.stat;
      const period = options.period ?? widget.period;
      const points =
        metricPoints(
          service.capacity,
          { Namespace: namespace, MetricName: name, Dimensions: dimensions },
          stat,
          Math.max(60, period),
          fromMs,
          toMs,
        ) ?? [];
      lines.push({
        name: options.label ?? `${name} ${stat}`,
        color,
        points: points.map(([ms, value]) => ({ x: ms, y: value })),
      });
    }
    const svg = svgChart({
      width: widget.width,
      height: widget.height,
      xMin: fromMs,
      xMax: toMs,
      xText: clock,
      xLabel: 'UTC',
      yLabel: '',
      ...(widget.title ? { title: widget.title } : {}),
      label: widget.title ?? 'metric widget',
      standalone: true,
      lines,
      horizontal: (widget.annotations?.horizontal ?? []).map((line) => ({
        value: line.value,
        label: line.label ?? String(line.value),
        color: line.color ?? '#d62728',
      })),
      spans: (widget.annotations?.vertical ?? []).flatMap((band) =>
        Array.isArray(band)
          ? [
              {
                from: timeOf(band[0].value, nowMs),
                to: timeOf(band[1].value, nowMs),
                color: band[0].color ?? '#d62728',
                label: band[0].label ?? '',
              },
            ]
          : [],
      ),
    });
    // The rasterizer (a native module) loads with the first image, not with the emulator.
    const { Resvg } = await import('@resvg/resvg-js');
    let png: Uint8Array;
    try {
      png = new Resvg(svg, { background: '#ffffff' }).render().asPng();
    } catch (error) {
      // Every input is checked above; a drawing the rasterizer still refuses is named, not a 500.
      throw invalid(`The widget could not be drawn: ${(error as Error).message}`);
    }
    return { MetricWidgetImage: Buffer.from(png).toString('base64') };
  },
);

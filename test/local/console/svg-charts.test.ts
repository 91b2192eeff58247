import { describe, expect, it } from 'vitest';
import { barChartSvg, lineChartSvg } from '../../../src/local/console/svg-charts.ts';

describe('lineChartSvg', () => {
  it('draws one polyline per series with data, scaled into the plot, with a legend', () => {
    const svg = lineChartSvg(
      [
        {
          name: 'sql1 p50',
          colour: '#111',
          dash: '',
          points: [
            [1, 10],
            [2, 40],
            [3, 20],
          ],
        },
        { name: 'empty', colour: '#222', dash: '', points: [] },
      ],
      { title: 'Latency', xLabel: 's' },
    );
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain('data-series="sql1 p50" data-points="3"');
    // The y axis is rounded up to a gridline above the largest value (40 → 40, step 10).
    expect(svg).toContain('>40</text>');
    expect(svg).toContain('>empty</text>');
    const coordinates = / points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((pair) => pair.split(',').map(Number));
    for (const [x, y] of coordinates) {
      expect(x).toBeGreaterThanOrEqual(52);
      expect(x).toBeLessThanOrEqual(548);
      expect(y).toBeGreaterThanOrEqual(28);
      expect(y).toBeLessThanOrEqual(194);
    }
  });

  it('escapes names', () => {
    expect(
      lineChartSvg([{ name: '<script>', colour: '#1', dash: '', points: [[1, 1]] }], { title: 'a&b', xLabel: 's' }),
    ).not.toContain('<script>');
  });
});

describe('barChartSvg', () => {
  it('draws a bar per value, taller for larger values', () => {
    const svg = barChartSvg(
      [
        {
          label: 'sql1',
          values: [
            { name: 'legacy', colour: '#999', value: 100 },
            { name: 'optimized', colour: '#0a0', value: 25 },
          ],
        },
        {
          label: 'sql2',
          values: [
            { name: 'legacy', colour: '#999', value: 80 },
            { name: 'optimized', colour: '#0a0', value: 70 },
          ],
        },
      ],
      { title: 'p50' },
    );
    const heights = new Map(
      [...svg.matchAll(/data-bar="([^"]+)"[^>]*height="([\d.]+)"/g)].map((match) => [match[1]!, Number(match[2])]),
    );
    expect([...heights.keys()]).toEqual(['sql1 legacy', 'sql1 optimized', 'sql2 legacy', 'sql2 optimized']);
    const height = (name: string) => heights.get(name) ?? Number.NaN;
    expect(height('sql1 legacy') / height('sql1 optimized')).toBeCloseTo(4, 1);
    expect(height('sql2 legacy')).toBeGreaterThan(height('sql2 optimized'));
  });
});

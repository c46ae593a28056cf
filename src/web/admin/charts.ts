import { h, s, uid } from './dom.js';

/** Okabe–Ito colours: told apart by people with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D1F', '#6B6B6B'];

export interface Series {
  name: string;
  color: string;
  values: number[];
}

// Drawn at about the size they are shown, so that 11-pixel labels stay 11 pixels on a phone too.
let W = 720;
/** Sets the drawing width from the space the charts get (between 320 and 720 pixels). */
export function setChartWidth(px: number): void {
  W = Math.round(Math.max(320, Math.min(720, px)));
}
const INK = '#1a1f26';
const GRID = '#c9d2dc';

/** An axis for counts up to `v`: a round step (1, 2, 5 × 10^n, at least 1) and how many of them reach `v`, so that every tick is a whole number. */
function countAxis(v: number): { max: number; ticks: number } {
  if (v <= 0) return { max: 1, ticks: 1 };
  const raw = v / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p);
  const ticks = Math.ceil(v / step);
  return { max: ticks * step, ticks };
}

function frame(title: string, svg: SVGSVGElement, extra: (HTMLElement | null)[], table: HTMLTableElement): HTMLElement {
  const id = uid('chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-t`);
  svg.prepend(s('title', { id: `${id}-t` }, [title]));
  return h('figure', { class: 'chart' }, [h('figcaption', { text: title }), svg, ...extra, h('details', { class: 'chart-table' }, [h('summary', { text: tableLabel }), table])]);
}

let tableLabel = 'Table';
/** The label of the data table under each chart, in the page's language. */
export function setTableLabel(label: string): void {
  tableLabel = label;
}

function legend(series: Series[]): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    series.map((x) => h('li', {}, [s('svg', { width: 12, height: 12, viewBox: '0 0 12 12', 'aria-hidden': 'true' }, [s('rect', { width: 12, height: 12, rx: 2, fill: x.color })]), x.name])),
  );
}

function table(head: string[], rows: (string | number)[][]): HTMLTableElement {
  // Scrolls sideways when wide: focusable, so that a keyboard can scroll it too.
  return h('table', { tabindex: '0' }, [
    h('thead', {}, [h('tr', {}, head.map((c) => h('th', { scope: 'col', text: c })))]),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row', text: String(c) }) : h('td', { class: 'num', text: String(c) })))))),
  ]);
}

function yAxis(svg: SVGSVGElement, axis: { max: number; ticks: number }, top: number, bottom: number, left: number, fmt: (v: number) => string): void {
  const { max, ticks } = axis;
  for (let i = 0; i <= ticks; i++) {
    const v = (max / ticks) * i;
    const y = bottom - ((bottom - top) * i) / ticks;
    svg.append(s('line', { x1: left, x2: W - 8, y1: y, y2: y, stroke: GRID, 'stroke-width': 1 }));
    svg.append(s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: INK }, [fmt(v)]));
  }
}

function xLabels(svg: SVGSVGElement, labels: string[], x: (i: number) => number, y: number): void {
  const every = Math.max(1, Math.ceil(labels.length / Math.floor(W / 52)));
  labels.forEach((l, i) => {
    if (i % every === 0) svg.append(s('text', { x: x(i), y, 'text-anchor': 'middle', 'font-size': 11, fill: INK }, [l]));
  });
}

/** Bars per label (a day, an hour), stacked by series, with a legend and the numbers in a table. */
export function stackedBars(title: string, labels: string[], series: Series[], opts: { short?: (l: string) => string; total?: string } = {}): HTMLElement {
  const H = 240;
  const [top, bottom, left] = [12, H - 26, 44];
  const totals = labels.map((_l, i) => series.reduce((a, x) => a + (x.values[i] ?? 0), 0));
  const axis = countAxis(Math.max(0, ...totals));
  const max = axis.max;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg' });
  yAxis(svg, axis, top, bottom, left, (v) => String(Math.round(v)));
  const slot = (W - 8 - left) / Math.max(1, labels.length);
  const bw = Math.max(1, slot * 0.72);
  const x = (i: number): number => left + slot * i + slot / 2;
  labels.forEach((label, i) => {
    let y = bottom;
    for (const ser of series) {
      const v = ser.values[i] ?? 0;
      if (v <= 0) continue;
      const hgt = ((bottom - top) * v) / max;
      y -= hgt;
      svg.append(s('rect', { x: x(i) - bw / 2, y, width: bw, height: hgt, fill: ser.color }, [s('title', {}, [`${label} · ${ser.name}: ${v}`])]));
    }
  });
  xLabels(svg, labels.map(opts.short ?? ((l) => l)), x, H - 8);
  const rows = labels.map((l, i) => [l, ...series.map((x2) => x2.values[i] ?? 0), totals[i] ?? 0]);
  return frame(title, svg, [series.length > 1 ? legend(series) : null], table(['', ...series.map((x2) => x2.name), opts.total ?? 'Σ'], rows));
}

/** A line over labels (a rate per day), 0 to `max`. */
export function lineChart(title: string, labels: string[], values: (number | null)[], opts: { max?: number; format: (v: number) => string; short?: (l: string) => string; color?: string }): HTMLElement {
  const H = 200;
  const [top, bottom, left] = [12, H - 26, 44];
  const axis = opts.max !== undefined ? { max: opts.max, ticks: 4 } : countAxis(Math.max(0, ...values.map((v) => v ?? 0)));
  const max = axis.max;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg' });
  yAxis(svg, axis, top, bottom, left, opts.format);
  const slot = (W - 8 - left) / Math.max(1, labels.length);
  const x = (i: number): number => left + slot * i + slot / 2;
  const y = (v: number): number => bottom - ((bottom - top) * Math.min(v, max)) / max;
  let d = '';
  values.forEach((v, i) => {
    if (v === null) return;
    d += `${d && values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  const color = opts.color ?? PALETTE[3] ?? INK;
  svg.append(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 2.5, 'stroke-linejoin': 'round' }));
  values.forEach((v, i) => {
    if (v !== null) svg.append(s('circle', { cx: x(i), cy: y(v), r: 3, fill: color }, [s('title', {}, [`${labels[i] ?? ''}: ${opts.format(v)}`])]));
  });
  xLabels(svg, labels.map(opts.short ?? ((l) => l)), x, H - 8);
  return frame(title, svg, [], table(['', title], labels.map((l, i) => [l, values[i] === null || values[i] === undefined ? '–' : opts.format(values[i] ?? 0)])));
}

/** Horizontal bars, largest first: counts by topic, language or channel. */
export function hBars(title: string, items: { label: string; value: number }[], color = PALETTE[0] ?? INK): HTMLElement {
  const sorted = [...items].sort((a, b) => b.value - a.value);
  const row = 26;
  const H = Math.max(40, sorted.length * row + 16);
  const left = Math.min(200, Math.round(W * 0.36));
  const max = Math.max(1, ...sorted.map((i) => i.value));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg' });
  sorted.forEach((it, i) => {
    const y = 8 + i * row;
    const w = ((W - left - 70) * it.value) / max;
    const fit = Math.floor(left / 8);
    svg.append(s('text', { x: left - 8, y: y + 16, 'text-anchor': 'end', 'font-size': 13, fill: INK }, [it.label.length > fit ? `${it.label.slice(0, fit - 1)}…` : it.label]));
    svg.append(s('rect', { x: left, y: y + 3, width: Math.max(1, w), height: row - 8, rx: 3, fill: color }, [s('title', {}, [`${it.label}: ${it.value}`])]));
    svg.append(s('text', { x: left + w + 6, y: y + 16, 'font-size': 13, fill: INK }, [String(it.value)]));
  });
  return frame(title, svg, [], table(['', title], sorted.map((i) => [i.label, i.value])));
}

/** Weekday × hour: how busy each hour of each day is, darker for more. */
export function heatmap(title: string, week: number[][], dayNames: string[]): HTMLElement {
  const left = 44;
  const cell = (W - left - 8) / 24;
  const H = 7 * 22 + 28;
  const max = Math.max(1, ...week.flat());
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg' });
  week.forEach((hours, d) => {
    svg.append(s('text', { x: left - 6, y: d * 22 + 15, 'text-anchor': 'end', 'font-size': 11, fill: INK }, [dayNames[d] ?? '']));
    hours.forEach((v, hr) => {
      // From the page background to the brand blue: lightness carries the count, not hue alone.
      const t = v / max;
      const mix = (a: number, b: number): number => Math.round(a + (b - a) * t);
      svg.append(s('rect', { x: left + hr * cell, y: d * 22, width: cell - 2, height: 20, rx: 2, fill: `rgb(${mix(238, 11)},${mix(242, 79)},${mix(246, 138)})` }, [s('title', {}, [`${dayNames[d] ?? ''} ${hr}:00 · ${v}`])]));
    });
  });
  for (let hr = 0; hr < 24; hr += W < 500 ? 6 : 3) svg.append(s('text', { x: left + hr * cell + cell / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 11, fill: INK }, [String(hr)]));
  return frame(title, svg, [], table(['', ...Array.from({ length: 24 }, (_v, i) => String(i))], week.map((hours, d) => [dayNames[d] ?? '', ...hours])));
}

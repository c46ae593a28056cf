import type { Ctx } from './context.js';
import { hBars, heatmap, lineChart, PALETTE, setChartWidth, setTableLabel, stackedBars, type Series } from './charts.js';
import { clear, h } from './dom.js';
import type { Insights } from './types.js';

type Breakdown = Insights['byTopic'];

const day = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const minus = (iso: string, n: number): string => {
  const d = new Date(`${iso}T12:00:00`);
  d.setDate(d.getDate() - n);
  return day(d);
};
const short = (l: string): string => l.slice(5).replace('-', '/');

/** The biggest keys of a breakdown as series per day; the rest summed as "other". */
function topSeries(b: Breakdown, days: string[], other: string, name: (k: string) => string, n = 6): Series[] {
  const keys = Object.entries(b.totals).sort((a, c) => c[1] - a[1]).map(([k]) => k);
  const top = keys.slice(0, n);
  const rest = keys.slice(n);
  const series: Series[] = top.map((k, i) => ({ name: name(k), color: PALETTE[i] ?? '#444', values: days.map((d) => b.days[d]?.[k] ?? 0) }));
  if (rest.length) series.push({ name: other, color: PALETTE[7] ?? '#666', values: days.map((d) => rest.reduce((a, k) => a + (b.days[d]?.[k] ?? 0), 0)) });
  return series;
}

function tile(label: string, value: string, id: string, note?: string): HTMLElement {
  return h('div', { class: 'tile' }, [h('span', { class: 'tile-label', text: label }), h('span', { class: 'tile-value', id, text: value }), note ? h('span', { class: 'tile-note', text: note }) : null]);
}

function render(ctx: Ctx, i: Insights, host: HTMLElement): void {
  const { s } = ctx;
  // Two charts a row from 1100 pixels of window (see admin.css), each in a card with 12-pixel padding.
  const width = host.clientWidth || window.innerWidth;
  setChartWidth((window.innerWidth >= 1100 ? (width - 12) / 2 : width) - 26);
  const t = i.totals;
  const days = i.days.map((d) => d.date);
  const pct = (v: number): string => `${Math.round(v * 1000) / 10} %`;
  const mins = (v: number | null): string => (v === null ? '–' : s.minutes(v));
  const topicName = (k: string): string => (k === '(no answer)' ? s.noAnswer : k);
  const dimension = h('select', { id: 'dash-dim' }, [h('option', { value: 'topic', text: s.byTopic }), h('option', { value: 'lang', text: s.byLanguage }), h('option', { value: 'channel', text: s.byChannel })]);
  const dimHost = h('div');
  const drawDim = (): void => {
    const b = dimension.value === 'lang' ? i.byLang : dimension.value === 'channel' ? i.byChannel : i.byTopic;
    const name = dimension.value === 'topic' ? topicName : dimension.value === 'channel' ? (k: string) => s.channelName[k] ?? k : (k: string) => k;
    clear(dimHost, stackedBars(s.questionsOverTime, days, topSeries(b, days, s.other, name), { short, total: s.total }));
  };
  dimension.addEventListener('change', drawDim);
  drawDim();
  const outcomes: Series[] = [
    { name: s.outcome.answered, color: PALETTE[2] ?? '', values: i.days.map((d) => d.answered) },
    { name: s.outcome.clarified, color: PALETTE[1] ?? '', values: i.days.map((d) => d.clarified) },
    { name: s.outcome.unanswered, color: PALETTE[3] ?? '', values: i.days.map((d) => d.unanswered) },
    { name: s.outcome.handoffs, color: PALETTE[0] ?? '', values: i.days.map((d) => d.handoffs) },
  ];
  const hoursLabels = Array.from({ length: 24 }, (_v, n) => String(n));
  clear(
    host,
    h('div', { class: 'tiles' }, [
      tile(s.kpiQuestions, String(t.questions), 'kpi-questions', s.kpiConversations(t.conversations)),
      tile(s.kpiAnswered, t.questions ? pct(t.answered / t.questions) : '–', 'kpi-answered'),
      tile(s.kpiUnanswered, pct(t.unansweredRate), 'kpi-unanswered', String(t.unanswered)),
      tile(s.kpiEscalations, String(t.escalations), 'kpi-escalations', s.kpiReplied(t.escalationsReplied)),
      tile(s.kpiFirstReply, mins(t.firstReplyMedianMinutes), 'kpi-first-reply', `p90 ${mins(t.firstReplyP90Minutes)}`),
      tile(s.kpiFeedback, `${t.helpful} / ${t.unhelpful}`, 'kpi-feedback', s.kpiFeedbackNote),
    ]),
    h('div', { class: 'charts' }, [
      stackedBars(s.questionsPerDay, days, outcomes, { short, total: s.total }),
      lineChart(s.unansweredRate, days, i.days.map((d) => (d.questions ? d.unanswered / d.questions : null)), { max: 1, format: pct, short }),
      h('div', { class: 'chart-with-control' }, [h('div', { class: 'field inline' }, [h('label', { for: 'dash-dim', text: s.splitBy }), dimension]), dimHost]),
      hBars(s.byTopic, Object.entries(i.byTopic.totals).map(([k, v]) => ({ label: topicName(k), value: v }))),
      hBars(s.byLanguage, Object.entries(i.byLang.totals).map(([k, v]) => ({ label: s.langName[k as 'cs'] ?? k, value: v })), PALETTE[4]),
      hBars(s.byChannel, Object.entries(i.byChannel.totals).map(([k, v]) => ({ label: s.channelName[k] ?? k, value: v })), PALETTE[5]),
      stackedBars(s.escalationsPerDay, days, [{ name: s.kpiEscalations, color: PALETTE[0] ?? '', values: i.days.map((d) => d.escalations) }], { short, total: s.total }),
      stackedBars(s.busiestHours(i.timezone), hoursLabels, [{ name: s.kpiQuestions, color: PALETTE[0] ?? '', values: i.hours }], { total: s.total }),
      heatmap(s.weekHeatmap, i.week, s.weekdays),
      // Scrolls sideways on a phone: focusable, so that a keyboard can scroll it too.
      h('section', { class: 'rising', 'aria-labelledby': 'rising-heading', tabindex: '0' }, [
        h('h3', { id: 'rising-heading', text: s.risingTopics }),
        i.rising.length
          ? h('table', {}, [
              h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: s.topic }), h('th', { scope: 'col', class: 'num', text: s.last7 }), h('th', { scope: 'col', class: 'num', text: s.previous7 }), h('th', { scope: 'col', class: 'num', text: s.change })])]),
              h('tbody', {}, i.rising.map((r) => h('tr', {}, [h('th', { scope: 'row', text: r.topic }), h('td', { class: 'num', text: String(r.recent) }), h('td', { class: 'num', text: String(r.previous) }), h('td', { class: 'num', text: `×${r.ratio}` })]))),
            ])
          : h('p', { class: 'muted', text: s.noRising }),
      ]),
    ]),
  );
}

/** Questions by topic, language and channel over time, the unanswered rate, escalations and first replies, busy hours and rising topics. */
export function dashboardView(ctx: Ctx, main: HTMLElement): void {
  const { s, api } = ctx;
  setTableLabel(s.showTable);
  const today = day(new Date());
  const from = h('input', { id: 'dash-from', type: 'date', value: minus(today, 29), max: today });
  const to = h('input', { id: 'dash-to', type: 'date', value: today, max: today });
  const csv = h('a', { class: 'btn', id: 'dash-csv', download: true, text: s.downloadCsv });
  const status = h('p', { class: 'muted', role: 'status' });
  const host = h('div', { class: 'dash' });
  const load = (): void => {
    if (!from.value || !to.value) return;
    csv.setAttribute('href', api.csvUrl(from.value, to.value));
    status.textContent = s.loading;
    api.insights(from.value, to.value).then(
      (i) => {
        status.textContent = s.rangeShown(i.from, i.to, i.timezone);
        render(ctx, i, host);
      },
      (e: unknown) => {
        status.textContent = e instanceof Error ? `${s.loadFailed} ${e.message}` : s.loadFailed;
      },
    );
  };
  const preset = (n: number): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: 'btn small', text: s.lastDays(n) });
    b.addEventListener('click', () => {
      to.value = today;
      from.value = minus(today, n - 1);
      load();
    });
    return b;
  };
  const form = h('form', { class: 'range', novalidate: true }, [
    h('div', { class: 'field' }, [h('label', { for: 'dash-from', text: s.from }), from]),
    h('div', { class: 'field' }, [h('label', { for: 'dash-to', text: s.to }), to]),
    h('button', { type: 'submit', class: 'btn primary', text: s.show }),
    h('div', { class: 'row presets' }, [preset(7), preset(30), preset(90)]),
    csv,
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  clear(main, h('h2', { tabindex: '-1', text: s.dashboardHeading }), h('p', { class: 'lead', text: s.dashboardLead }), form, status, host);
  load();
}

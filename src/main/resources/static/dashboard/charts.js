// One chart per output the dashboard knows, chosen for its data; other outputs get the table only. Charts read
// the rows endpoint with only the columns they draw, and at most a capped number of rows (said under the chart).
// Apache ECharts comes from its WebJar in the server's jar, loaded only when a chart is drawn.

import {h, formatNumber} from './dom.js';
import {api} from './api.js';

const ECHARTS = '/webjars/echarts/5.3.1/dist/echarts.esm.min.js';
const PAGE = 10000;
const PALETTE = ['#1f5fbf', '#d97706', '#0f766e', '#9333ea', '#be123c', '#4d7c0f', '#0369a1', '#a16207', '#7c3aed', '#475569'];
const SENTIMENT_COLOURS = {negative: '#b91c1c', neutral: '#6b7280', positive: '#15803d'};
const STREAM_REFRESH_MS = 10000;

let library = null;
function echarts() {
  if (!library) library = import(ECHARTS);
  return library;
}

/**
 * Reads up to cap rows of an output, page by page: {rows, total, capped}. query holds columns and filters.
 */
async function readRows(base, query, cap, signal) {
  const rows = [];
  let cursor = null;
  let total = 0;
  do {
    const params = new URLSearchParams({...query, size: Math.min(PAGE, cap - rows.length)});
    if (cursor) params.set('cursor', cursor);
    const page = await api(`${base}/rows?${params}`, {signal});
    rows.push(...page.rows);
    total = page.totalRows;
    cursor = page.nextCursor;
  } while (cursor && rows.length < cap);
  return {rows, total, capped: rows.length < total};
}

function sampleNote(read, what) {
  return read.capped
    ? `Drawn from the first ${formatNumber(read.rows.length)} of ${formatNumber(read.total)} ${what} (the table below has every row).`
    : `All ${formatNumber(read.rows.length)} ${what}.`;
}

const CHARTS = {
  'retail-sales/daily_sales': dailySales,
  'retail-sales/monthly_sales': monthlySales,
  'rfm-segmentation/segments': rfmScatter,
  'rfm-segmentation/centers': rfmSegmentSizes,
  'fraud-features/features': riskHistogram,
  'tweet-sentiment/window_counts': sentimentWindows,
};

/**
 * The chart of an output, or null when the dashboard has none for it: {box, jobChanged(job)}. The chart element
 * carries data-rendered="true" and data-points once drawn with at least one point.
 */
export function chartFor(job, output, base, signal) {
  const make = CHARTS[`${job.pipeline}/${output.name}`];
  if (!make) return null;
  const title = h('h4', {class: 'visually-hidden'}, `Chart of ${output.name}`);
  const controls = h('div', {class: 'chart-controls'});
  const canvas = h('div', {class: 'chart', 'data-testid': 'chart', 'data-output': output.name, 'data-rendered': 'false'});
  const note = h('p', {class: 'chart-note', 'data-testid': 'chart-note', 'aria-live': 'polite'}, 'Loading the chart…');
  const box = h('figure', {class: 'chart-box'}, title, controls, canvas, note);
  let instance = null;
  let observer = null;

  /** Draws an ECharts option; points counts the data points drawn. */
  async function draw(option, points, text) {
    const lib = await echarts();
    if (signal.aborted) return;
    if (!instance) {
      instance = lib.init(canvas, null, {renderer: 'canvas'});
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(canvas);
      signal.addEventListener('abort', () => {
        observer.disconnect();
        instance.dispose();
      });
    }
    instance.off('finished');
    instance.on('finished', () => {
      canvas.dataset.points = String(points);
      canvas.dataset.rendered = points > 0 ? 'true' : 'false';
    });
    instance.setOption({aria: {enabled: true}, color: PALETTE, textStyle: {fontFamily: 'system-ui, sans-serif'},
      grid: {left: 60, right: 24, top: 56, bottom: 60, containLabel: true}, ...option}, true);
    note.textContent = points > 0 ? text : 'Nothing to draw yet.';
  }

  const context = {job, output, base, signal, controls, draw,
    fail(error) {
      if (!signal.aborted) note.textContent = `The chart could not be drawn: ${error.message}`;
    }};
  const handle = make(context) || {};
  return {
    box,
    jobChanged(next) {
      context.job = next;
      if (handle.jobChanged) handle.jobChanged(next);
    },
  };
}

function field(id, labelText, control) {
  control.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, labelText), control);
}

/** Daily sales of one store over time, with a store picker; each store's rows are read with filter.StoreID. */
function dailySales(ctx) {
  const picker = h('select', {'data-testid': 'store-picker'});
  ctx.controls.append(field(`store-picker-${ctx.job.id}`, 'Store', picker));
  (async () => {
    const stores = await readRows(ctx.base, {columns: 'StoreID'}, 50000, ctx.signal);
    const ids = [...new Set(stores.rows.map((r) => r.StoreID))].sort();
    picker.replaceChildren(...ids.map((id) => h('option', {value: id}, `Store ${id}`)));
    const show = async () => {
      const store = picker.value;
      const read = await readRows(ctx.base, {columns: 'SaleDate,TotalDailySales,TotalDailyTransactions',
        [`filter.StoreID`]: store}, 20000, ctx.signal);
      const data = read.rows.map((r) => [r.SaleDate, r.TotalDailySales]).sort((a, b) => a[0].localeCompare(b[0]));
      await ctx.draw({
        title: {text: `Daily sales of store ${store}`, left: 0, textStyle: {fontSize: 14}},
        tooltip: {trigger: 'axis', valueFormatter: (v) => formatNumber(v)},
        xAxis: {type: 'time', name: 'SaleDate', nameLocation: 'middle', nameGap: 30},
        yAxis: {type: 'value', name: 'TotalDailySales'},
        dataZoom: [{type: 'inside'}, {type: 'slider', height: 18, bottom: 8}],
        series: [{type: 'line', name: 'TotalDailySales', data, showSymbol: false, lineStyle: {width: 1.5}}],
      }, data.length, `${sampleNote(read, 'days')} ${ids.length} stores${stores.capped ? ' among the rows read' : ''}.`);
    };
    picker.addEventListener('change', () => show().catch(ctx.fail));
    if (ids.length) await show();
    else await ctx.draw({}, 0, '');
  })().catch(ctx.fail);
}

/** Monthly sales as bars: every store summed, or one store. */
function monthlySales(ctx) {
  const picker = h('select', {'data-testid': 'monthly-store-picker'}, h('option', {value: ''}, 'All stores (sum)'));
  ctx.controls.append(field(`monthly-picker-${ctx.job.id}`, 'Stores', picker));
  (async () => {
    const read = await readRows(ctx.base, {columns: 'StoreID,SaleMonth,TotalMonthlySales'}, 50000, ctx.signal);
    const ids = [...new Set(read.rows.map((r) => r.StoreID))].sort();
    picker.append(...ids.map((id) => h('option', {value: id}, `Store ${id}`)));
    const show = () => {
      const store = picker.value;
      const byMonth = new Map();
      for (const row of read.rows) {
        if (store && row.StoreID !== store) continue;
        byMonth.set(row.SaleMonth, (byMonth.get(row.SaleMonth) || 0) + row.TotalMonthlySales);
      }
      const months = [...byMonth.keys()].sort();
      return ctx.draw({
        title: {text: store ? `Monthly sales of store ${store}` : 'Monthly sales, all stores', left: 0, textStyle: {fontSize: 14}},
        tooltip: {trigger: 'axis', valueFormatter: (v) => formatNumber(v)},
        xAxis: {type: 'category', data: months, name: 'SaleMonth', nameLocation: 'middle', nameGap: 30},
        yAxis: {type: 'value', name: 'TotalMonthlySales'},
        series: [{type: 'bar', name: 'TotalMonthlySales', data: months.map((m) => byMonth.get(m)), barMaxWidth: 48}],
      }, months.length, sampleNote(read, 'store-months'));
    };
    picker.addEventListener('change', () => show().catch(ctx.fail));
    await show();
  })().catch(ctx.fail);
}

/** Customers' recency against monetary value, coloured by segment, with the segment centres when written. */
function rfmScatter(ctx) {
  (async () => {
    const read = await readRows(ctx.base, {columns: 'Recency,MonetaryValue,Segment'}, 20000, ctx.signal);
    const segments = new Map();
    for (const row of read.rows) {
      if (!segments.has(row.Segment)) segments.set(row.Segment, []);
      segments.get(row.Segment).push([row.Recency, row.MonetaryValue]);
    }
    const series = [...segments.keys()].sort((a, b) => a - b).map((segment) => ({
      type: 'scatter', name: `Segment ${segment}`, data: segments.get(segment), symbolSize: 5, large: true,
      emphasis: {focus: 'series'},
    }));
    const centres = (ctx.job.outputs || []).some((o) => o.name === 'centers')
      ? await readRows(ctx.base.replace(/\/outputs\/[^/]+$/, '/outputs/centers'), {columns: 'Segment,Recency,MonetaryValue'}, 1000, ctx.signal)
      : null;
    if (centres) {
      series.push({type: 'scatter', name: 'Centres', symbol: 'diamond', symbolSize: 16, z: 10,
        itemStyle: {color: '#111827', borderColor: '#fff', borderWidth: 1.5},
        data: centres.rows.map((c) => ({value: [c.Recency, c.MonetaryValue], name: `Centre of segment ${c.Segment}`}))});
    }
    await ctx.draw({
      title: {text: 'Recency against monetary value, by segment', left: 0, textStyle: {fontSize: 14}},
      legend: {top: 26, type: 'scroll'},
      grid: {left: 60, right: 24, top: 76, bottom: 40, containLabel: true},
      tooltip: {trigger: 'item', formatter: (p) => `${p.seriesName}<br>Recency ${formatNumber(p.value[0])} days<br>Monetary ${formatNumber(p.value[1])}`},
      xAxis: {type: 'value', name: 'Recency (days)', nameLocation: 'middle', nameGap: 28},
      yAxis: {type: 'value', name: 'MonetaryValue'},
      series,
    }, read.rows.length, `${sampleNote(read, 'customers')}${centres ? ' Diamonds mark the segment centres.' : ''}`);
  })().catch(ctx.fail);
}

/** Segment sizes: users per segment, from the centres output. */
function rfmSegmentSizes(ctx) {
  (async () => {
    const read = await readRows(ctx.base, {columns: 'Segment,Users,Recency,Frequency,MonetaryValue'}, 1000, ctx.signal);
    const rows = [...read.rows].sort((a, b) => a.Segment - b.Segment);
    await ctx.draw({
      title: {text: 'Segment sizes', left: 0, textStyle: {fontSize: 14}},
      tooltip: {trigger: 'axis', formatter: (items) => {
        const row = rows[items[0].dataIndex];
        return `Segment ${row.Segment}: ${formatNumber(row.Users)} users<br>centre: recency ${formatNumber(row.Recency)}, `
          + `frequency ${formatNumber(row.Frequency)}, monetary ${formatNumber(row.MonetaryValue)}`;
      }},
      xAxis: {type: 'category', data: rows.map((r) => `Segment ${r.Segment}`)},
      yAxis: {type: 'value', name: 'Users'},
      series: [{type: 'bar', name: 'Users', data: rows.map((r, i) => ({value: r.Users, itemStyle: {color: PALETTE[i % PALETTE.length]}})),
        barMaxWidth: 56, label: {show: true, position: 'top', formatter: (p) => formatNumber(p.value)}}],
    }, rows.length, `${formatNumber(rows.length)} segments; the table below has each centre.`);
  })().catch(ctx.fail);
}

/** The distribution of CustomRiskScore with the job's riskThreshold marked; counts on a log scale (a long tail). */
function riskHistogram(ctx) {
  (async () => {
    const read = await readRows(ctx.base, {columns: 'CustomRiskScore'}, 20000, ctx.signal);
    const scores = read.rows.map((r) => r.CustomRiskScore).filter((v) => typeof v === 'number');
    const threshold = Number((ctx.job.params || {}).riskThreshold);
    const top = Math.ceil(10 * Math.max(...scores, Number.isFinite(threshold) ? threshold * 1.1 : 0, 0.1)) / 10;
    const bins = 40;
    const width = top / bins;
    const counts = new Array(bins).fill(0);
    for (const score of scores) counts[Math.min(bins - 1, Math.max(0, Math.floor(score / width)))]++;
    const above = Number.isFinite(threshold) ? scores.filter((s) => s > threshold).length : 0;
    await ctx.draw({
      title: {text: 'CustomRiskScore distribution', left: 0, textStyle: {fontSize: 14}},
      tooltip: {trigger: 'axis', formatter: (items) => {
        const i = items[0].dataIndex;
        return `${formatNumber(i * width)} – ${formatNumber((i + 1) * width)}: ${formatNumber(counts[i])} transactions`;
      }},
      xAxis: {type: 'value', name: 'CustomRiskScore', nameLocation: 'middle', nameGap: 28, min: 0, max: top},
      yAxis: {type: 'log', name: 'Transactions (log scale)', min: 1, logBase: 10},
      series: [{type: 'bar', name: 'Transactions', barWidth: '90%',
        data: counts.map((c, i) => [(i + 0.5) * width, c > 0 ? c : null]),
        markLine: Number.isFinite(threshold) ? {symbol: 'none', lineStyle: {color: '#a4161a', type: 'dashed', width: 2},
          label: {formatter: `riskThreshold ${threshold}`, color: '#a4161a'}, data: [{xAxis: threshold}]} : undefined}],
    }, scores.length, `${sampleNote(read, 'transactions')} ${formatNumber(above)} of them score above the threshold ${Number.isFinite(threshold) ? threshold : ''} (dashed line).`);
  })().catch(ctx.fail);
}

/** Tweets per event-time window, stacked by sentiment; read again every 10 s while the stream runs. */
function sentimentWindows(ctx) {
  let timer = null;
  const show = async () => {
    const read = await readRows(ctx.base, {columns: 'WindowStart,Sentiment,Count'}, 20000, ctx.signal);
    const windows = [...new Set(read.rows.map((r) => r.WindowStart))].sort();
    const sentiments = [...new Set(read.rows.map((r) => r.Sentiment))].sort();
    const counts = new Map(read.rows.map((r) => [`${r.WindowStart}|${r.Sentiment}`, r.Count]));
    const label = (iso) => iso.replace('T', ' ').replace(/:00Z$/, 'Z');
    const running = ctx.job.status === 'RUNNING';
    await ctx.draw({
      title: {text: 'Tweets per window by sentiment', left: 0, textStyle: {fontSize: 14}},
      legend: {top: 26},
      grid: {left: 60, right: 24, top: 76, bottom: 40, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      xAxis: {type: 'category', data: windows.map(label), name: 'WindowStart (UTC)', nameLocation: 'middle', nameGap: 40},
      yAxis: {type: 'value', name: 'Tweets'},
      dataZoom: windows.length > 48 ? [{type: 'inside'}, {type: 'slider', height: 18, bottom: 4}] : [],
      series: sentiments.map((s) => ({type: 'bar', stack: 'sentiment', name: s, itemStyle: {color: SENTIMENT_COLOURS[s]},
        data: windows.map((w) => counts.get(`${w}|${s}`) || 0), emphasis: {focus: 'series'}})),
    }, read.rows.length, `${sampleNote(read, 'window counts')}${running ? ` Updated every ${STREAM_REFRESH_MS / 1000} s while the stream runs; last at ${new Date().toLocaleTimeString('en-GB')}.` : ''}`);
  };
  const schedule = () => {
    clearTimeout(timer);
    if (ctx.job.status === 'RUNNING' && !ctx.signal.aborted) {
      timer = setTimeout(() => show().catch(ctx.fail).finally(schedule), STREAM_REFRESH_MS);
    }
  };
  ctx.signal.addEventListener('abort', () => clearTimeout(timer));
  show().catch(ctx.fail).finally(schedule);
  return {
    jobChanged(job) {
      // One last read when the stream ends, so the chart shows its final counts.
      if (job.status !== 'RUNNING' && timer) {
        clearTimeout(timer);
        timer = null;
        show().catch(ctx.fail);
      } else if (job.status === 'RUNNING' && !timer) {
        schedule();
      }
    },
  };
}

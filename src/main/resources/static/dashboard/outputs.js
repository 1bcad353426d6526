// One output of a job: its chart (when the dashboard knows one for it), a paged table of its rows (GET
// .../outputs/{name}/rows, following nextCursor; back steps reuse the cursors already seen) and downloads.

import {h, cellText, formatNumber} from './dom.js';
import {api, apiKey, fetchApi} from './api.js';
import {chartFor} from './charts.js';

const PAGE_SIZES = [25, 50, 100, 500];

export function outputSection(job, output, signal) {
  const base = `/api/v1/jobs/${encodeURIComponent(job.id)}/outputs/${encodeURIComponent(output.name)}`;
  const count = h('span', {class: 'muted', 'data-testid': 'output-count'});
  const section = h('section', {'data-testid': 'output', 'data-output': output.name, class: 'output',
    'aria-labelledby': `output-${output.name}-title`});
  const head = h('div', {class: 'output-head'}, h('h3', {id: `output-${output.name}-title`}, output.name), count);
  section.append(head);

  let current = output;
  const showCount = () => {
    count.textContent = current.rowCount === null || current.rowCount === undefined
      ? current.format : `${formatNumber(current.rowCount)} rows · ${current.format}`;
  };
  showCount();

  if (current.format !== 'parquet') {
    section.append(h('p', {}, `A saved ${current.format} (not a table), so it has no rows to show. It is stored at `,
      h('code', {}, current.location), '.'));
    return {section, update: () => {}};
  }

  head.append(downloadLink(base, job, output.name, 'csv'), downloadLink(base, job, output.name, 'jsonl'));
  const chart = chartFor(job, current, base, signal);
  if (chart) section.append(chart.box);
  const rows = rowsTable(base, output, signal);
  section.append(rows.box);

  return {
    section,
    update(nextJob, nextOutput) {
      current = nextOutput;
      showCount();
      if (chart) chart.jobChanged(nextJob);
      rows.outputChanged(nextOutput);
    },
  };
}

/** A plain link downloads straight to disk; with an API key the file is fetched with the header (never in the URL). */
function downloadLink(base, job, name, format) {
  const href = `${base}/download?format=${format}`;
  const link = h('a', {href, download: `${job.id}-${name}.${format}`, 'data-testid': `download-${format}`},
    `Download ${format.toUpperCase()}`);
  link.addEventListener('click', async (event) => {
    if (!apiKey()) return;
    event.preventDefault();
    const label = link.textContent;
    link.textContent = `${label} (downloading…)`;
    try {
      const blob = await (await fetchApi(href, {headers: {Accept: '*/*'}})).blob();
      const url = URL.createObjectURL(blob);
      const save = h('a', {href: url, download: link.getAttribute('download'), hidden: true});
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } finally {
      link.textContent = label;
    }
  });
  return link;
}

function rowsTable(base, output, signal) {
  const name = output.name;
  const sizeSelect = h('select', {id: `rows-size-${name}`, 'data-testid': 'rows-size'},
    PAGE_SIZES.map((n) => h('option', {value: n, selected: n === 50}, String(n))));
  const columnSelect = h('select', {id: `rows-filter-column-${name}`, 'data-testid': 'rows-filter-column'},
    h('option', {value: ''}, '(no filter)'),
    (output.schema || []).filter((c) => !c.type.startsWith('array') && !c.type.startsWith('struct') && !c.type.startsWith('map'))
      .map((c) => h('option', {value: c.name}, c.name)));
  const valueInput = h('input', {id: `rows-filter-value-${name}`, 'data-testid': 'rows-filter-value', type: 'text',
    placeholder: 'exact value, e.g. 0042', autocomplete: 'off', spellcheck: 'false'});
  const apply = h('button', {type: 'submit', 'data-testid': 'rows-filter-apply'}, 'Filter');
  const refresh = h('button', {type: 'button', 'data-testid': 'rows-refresh'}, 'Refresh');
  const thead = h('thead');
  const tbody = h('tbody');
  const prev = h('button', {type: 'button', 'data-testid': 'rows-prev', 'aria-label': `Previous rows of ${name}`}, '← Previous');
  const next = h('button', {type: 'button', 'data-testid': 'rows-next', 'aria-label': `Next rows of ${name}`}, 'Next →');
  const pageText = h('p', {'data-testid': 'rows-page', 'aria-live': 'polite'});
  const message = h('p', {class: 'field-error', role: 'alert', hidden: true});
  const box = h('div', {class: 'rows'},
    h('form', {class: 'rows-controls', 'aria-label': `Rows of ${name}`, onsubmit: (e) => {
      e.preventDefault();
      restart();
    }},
    h('div', {class: 'field'}, h('label', {for: sizeSelect.id}, 'Rows per page'), sizeSelect),
    h('div', {class: 'field'}, h('label', {for: columnSelect.id}, 'Filter column'), columnSelect),
    h('div', {class: 'field'}, h('label', {for: valueInput.id}, 'equals'), valueInput),
    apply, refresh),
    message,
    h('div', {class: 'table-wrap'}, h('table', {'data-testid': 'rows-table', class: 'rows-table'},
      h('caption', {class: 'visually-hidden'}, `Rows of ${name}`), thead, tbody)),
    h('div', {class: 'pager'}, prev, pageText, next));

  // cursors[i] reads page i; starts[i] is the number of rows before it.
  let cursors = [null];
  let starts = [0];
  let index = 0;
  let size = Number(sizeSelect.value);
  let filter = null;

  let currentTotal = null;
  let load = async function () {
    const query = new URLSearchParams({size});
    if (cursors[index]) query.set('cursor', cursors[index]);
    if (filter) query.set(`filter.${filter.column}`, filter.value);
    prev.disabled = true;
    next.disabled = true;
    try {
      const page = await api(`${base}/rows?${query}`, {signal});
      message.hidden = true;
      thead.replaceChildren(h('tr', {}, page.schema.map((c) => h('th', {scope: 'col', title: c.type,
        class: /^(tinyint|smallint|int|bigint|float|double|decimal)/.test(c.type) ? 'num' : ''}, c.name))));
      tbody.replaceChildren(...page.rows.map((row) => h('tr', {},
        page.schema.map((c) => {
          const value = row[c.name];
          return h('td', {class: typeof value === 'number' ? 'num' : ''},
            value === null || value === undefined ? h('span', {class: 'null'}, 'null') : cellText(value));
        }))));
      if (!page.rows.length) tbody.append(h('tr', {}, h('td', {colspan: page.schema.length || 1, class: 'muted'}, 'No rows.')));
      currentTotal = page.totalRows;
      const first = starts[index] + 1;
      const last = starts[index] + page.rows.length;
      pageText.textContent = page.rows.length
        ? `Rows ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(page.totalRows)}`
        : `No rows of ${formatNumber(page.totalRows)}`;
      if (page.nextCursor) {
        cursors[index + 1] = page.nextCursor;
        starts[index + 1] = last;
      } else {
        cursors = cursors.slice(0, index + 1);
        starts = starts.slice(0, index + 1);
      }
      prev.disabled = index === 0;
      next.disabled = !page.nextCursor;
    } catch (error) {
      if (signal.aborted) return;
      message.hidden = false;
      message.textContent = error.message;
      prev.disabled = index === 0;
    }
  };

  function restart() {
    size = Number(sizeSelect.value);
    const column = columnSelect.value;
    const value = valueInput.value;
    filter = column ? {column, value} : null;
    cursors = [null];
    starts = [0];
    index = 0;
    load();
  }

  sizeSelect.addEventListener('change', restart);
  refresh.addEventListener('click', () => load());
  prev.addEventListener('click', () => {
    index = Math.max(0, index - 1);
    load();
  });
  next.addEventListener('click', () => {
    if (cursors[index + 1]) {
      index++;
      load();
    }
  });
  // A running stream's output grows: the first page follows it (at most every 5 s) until the user pages on.
  let shownTotal = null;
  let refreshedAt = 0;
  const loadFirst = load;
  load = async () => {
    refreshedAt = Date.now();
    await loadFirst();
    shownTotal = currentTotal;
  };
  load();
  return {
    box,
    outputChanged(next) {
      if (index === 0 && !filter && next.rowCount !== shownTotal && Date.now() - refreshedAt > 5000) load();
    },
  };
}

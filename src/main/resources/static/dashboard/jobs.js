// The jobs list: read once from GET /api/v1/jobs (paged, filtered), then kept live over GET /api/v1/events (one
// stream for every job; rows change in place). If the stream cannot be kept open, the list is polled instead and
// the stream is tried again later.

import {h, STATUSES, statusBadge, setStatus, percent, progressText, formatDuration, formatTime, jobDurationMs,
  shortId, announce} from './dom.js';
import {api, catalogue, readEvents} from './api.js';

const PAGE_SIZE = 20;
const POLL_MS = 5000;
const STREAM_RETRY_MS = 15000;

// Filters and page survive a visit to a job and back (this tab only).
const state = {status: '', pipeline: '', page: 0};

export async function render(main, _params, signal) {
  const pipelines = await catalogue();
  const statusSelect = h('select', {id: 'filter-status', 'data-testid': 'filter-status'},
    h('option', {value: ''}, 'All statuses'), STATUSES.map((s) => h('option', {value: s}, s)));
  const pipelineSelect = h('select', {id: 'filter-pipeline', 'data-testid': 'filter-pipeline'},
    h('option', {value: ''}, 'All pipelines'), pipelines.map((p) => h('option', {value: p.name}, p.name)));
  statusSelect.value = state.status;
  pipelineSelect.value = state.pipeline;
  const live = h('span', {class: 'live', 'data-testid': 'live-state'}, 'Connecting…');
  const tbody = h('tbody');
  const summary = h('p', {class: 'muted', 'data-testid': 'jobs-total', 'aria-live': 'polite'});
  const newer = h('button', {type: 'button', 'data-testid': 'jobs-newer'}, '← Newer');
  const older = h('button', {type: 'button', 'data-testid': 'jobs-older'}, 'Older →');

  main.append(
    h('div', {class: 'page-head'},
      h('h1', {}, 'Jobs'),
      h('a', {class: 'button primary', href: '#/submit'}, 'Submit a job')),
    h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter jobs', onsubmit: (e) => e.preventDefault()},
      h('div', {class: 'field'}, h('label', {for: 'filter-status'}, 'Status'), statusSelect),
      h('div', {class: 'field'}, h('label', {for: 'filter-pipeline'}, 'Pipeline'), pipelineSelect),
      live),
    h('div', {class: 'table-wrap'},
      h('table', {'data-testid': 'jobs-table', class: 'jobs'},
        h('caption', {class: 'visually-hidden'}, 'Jobs, newest first'),
        h('thead', {}, h('tr', {},
          ['Job', 'Status', 'Pipeline', 'Submitted by', 'Submitted', 'Duration', 'Progress', 'Actions']
            .map((title) => h('th', {scope: 'col'}, title)))),
        tbody)),
    h('div', {class: 'pager'}, newer, summary, older));

  const rows = new Map();
  let total = 0;

  async function load() {
    const query = new URLSearchParams({page: state.page, size: PAGE_SIZE});
    if (state.status) query.set('status', state.status);
    if (state.pipeline) query.set('pipeline', state.pipeline);
    const answer = await api(`/api/v1/jobs?${query}`, {signal});
    rows.clear();
    tbody.replaceChildren();
    for (const job of answer.items) {
      const row = makeRow(job);
      rows.set(job.id, row);
      tbody.append(row.tr);
    }
    if (!answer.items.length) {
      tbody.append(h('tr', {class: 'empty'}, h('td', {colspan: 8},
        state.status || state.pipeline ? 'No jobs match these filters.' : 'No jobs yet. ',
        state.status || state.pipeline ? '' : h('a', {href: '#/submit'}, 'Submit the first one.'))));
    }
    total = answer.total;
    showPager();
  }

  function showPager() {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    summary.textContent = `Page ${state.page + 1} of ${pages} · ${total.toLocaleString('en-US')} job${total === 1 ? '' : 's'}`;
    newer.disabled = state.page === 0;
    older.disabled = state.page + 1 >= pages;
  }

  function matches(job) {
    return (!state.status || job.status === state.status) && (!state.pipeline || job.pipeline === state.pipeline);
  }

  function onJob(job) {
    const row = rows.get(job.id);
    if (row) {
      row.update(job);
    } else if (state.page === 0 && matches(job)) {
      const made = makeRow(job);
      rows.set(job.id, made);
      const empty = tbody.querySelector('tr.empty');
      if (empty) empty.remove();
      tbody.prepend(made.tr);
      total++;
      while (tbody.rows.length > PAGE_SIZE) {
        const last = tbody.rows[tbody.rows.length - 1];
        rows.delete(last.dataset.jobId);
        last.remove();
      }
      showPager();
    }
  }

  function makeRow(job) {
    return jobRow(job, onJob);
  }

  const reload = () => load().catch((error) => {
    if (!signal.aborted) announce(`Could not load the jobs: ${error.message}`, 'error');
  });
  statusSelect.addEventListener('change', () => {
    state.status = statusSelect.value;
    state.page = 0;
    reload();
  });
  pipelineSelect.addEventListener('change', () => {
    state.pipeline = pipelineSelect.value;
    state.page = 0;
    reload();
  });
  newer.addEventListener('click', () => {
    state.page = Math.max(0, state.page - 1);
    reload();
  });
  older.addEventListener('click', () => {
    state.page++;
    reload();
  });

  // Durations of running jobs tick; everything else changes through events.
  const ticker = setInterval(() => rows.forEach((row) => row.tick()), 1000);
  signal.addEventListener('abort', () => clearInterval(ticker));

  await load();
  keepLive(signal, live, onJob, reload);
}

/**
 * Holds the event stream open; reloads the list whenever the stream (re)connects, as the README asks, so nothing
 * between the first read and the stream is missed. While the stream is down the list is polled.
 */
async function keepLive(signal, live, onJob, reload) {
  let polling = null;
  const stopPolling = () => {
    if (polling) clearInterval(polling);
    polling = null;
  };
  signal.addEventListener('abort', stopPolling);
  while (!signal.aborted) {
    let connected = false;
    try {
      await readEvents('/api/v1/events', {
        signal,
        onJob,
        onComment: (text) => {
          if (text === 'connected') {
            connected = true;
            stopPolling();
            live.textContent = '● Live';
            live.className = 'live live-on';
            reload();
          }
        },
      });
    } catch {
      // Falls through to polling below.
    }
    if (signal.aborted) return;
    live.textContent = connected ? 'Reconnecting… (polling meanwhile)' : `Polling every ${POLL_MS / 1000} s`;
    live.className = 'live live-off';
    if (!polling) polling = setInterval(reload, POLL_MS);
    await new Promise((resolve) => setTimeout(resolve, connected ? 1000 : STREAM_RETRY_MS));
  }
}

/** One row of the table, with cells that change in place as the job's events arrive. */
export function jobRow(initial, onChanged) {
  let job = initial;
  const status = statusBadge(job.status);
  const duration = h('td', {class: 'num'});
  const progress = h('progress', {'data-testid': 'job-progress', max: 100, value: 0});
  const progressLabel = h('span', {class: 'progress-text', 'data-testid': 'job-eta'});
  const actions = h('td', {class: 'actions'});
  const link = h('a', {'data-testid': 'job-link', href: `#/jobs/${encodeURIComponent(job.id)}`, title: job.id},
    h('code', {}, shortId(job.id)));
  const tr = h('tr', {'data-testid': 'job-row', 'data-job-id': job.id},
    h('td', {}, link),
    h('td', {}, status),
    h('td', {}, job.pipeline),
    h('td', {}, job.submittedBy),
    h('td', {class: 'nowrap'}, h('time', {datetime: job.submittedAt}, formatTime(job.submittedAt))),
    duration,
    h('td', {class: 'progress-cell'}, progress, progressLabel),
    actions);
  progress.setAttribute('aria-label', `Progress of job ${shortId(job.id)}`);

  function update(next) {
    job = next;
    tr.dataset.status = job.status;
    setStatus(status, job.status);
    progress.value = percent(job);
    progressLabel.textContent = progressText(job);
    tick();
    syncButton('cancel', job.links && job.links.cancel, 'Cancel');
    syncButton('retry', job.links && job.links.retry, 'Retry');
  }

  function tick() {
    duration.textContent = formatDuration(jobDurationMs(job));
  }

  function syncButton(kind, href, label) {
    const existing = actions.querySelector(`[data-testid=${kind}-job]`);
    if (!href) {
      if (existing) existing.remove();
      return;
    }
    if (existing) return;
    const button = h('button', {type: 'button', 'data-testid': `${kind}-job`, class: kind === 'cancel' ? 'danger' : '',
      'aria-label': `${label} job ${shortId(job.id)}`}, label);
    button.addEventListener('click', () => act(kind, button));
    if (kind === 'cancel') actions.prepend(button);
    else actions.append(button);
  }

  async function act(kind, button) {
    const href = job.links && job.links[kind];
    if (!href) return;
    button.disabled = true;
    try {
      const answer = await api(href, {method: 'POST'});
      if (kind === 'retry') {
        announce(`Retry submitted as job ${shortId(answer.id)}.`);
        onChanged(answer);
      } else {
        announce(`Cancelling job ${shortId(job.id)}.`);
        update(answer);
      }
    } catch (error) {
      announce(`Could not ${kind} job ${shortId(job.id)}: ${error.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  }

  update(job);
  return {tr, update, tick};
}

// A job's page: state, progress per Spark stage, metrics and cost, error in words, summary, outputs (a chart
// and a paged table each) and its plans. Live over GET /api/v1/jobs/{id}/events until the job ends; polled if
// the stream cannot be read.

import {h, statusBadge, setStatus, percent, progressText, formatDuration, formatTime, formatBytes, formatNumber,
  jobDurationMs, shortId, announce} from './dom.js';
import {api, readEvents, ApiError} from './api.js';
import {outputSection} from './outputs.js';

const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const POLL_MS = 3000;
const STAGES_EVERY_MS = 2000;
const STAGES_COLLAPSED = 12;

const ERROR_WORDS = {
  PIPELINE_ERROR: 'The pipeline failed.',
  INPUT_ERROR: 'An input that was valid at submission could not be read when the job ran.',
  TIMEOUT: 'The job ran longer than its timeout and was stopped.',
  CANCELLED: 'The job was cancelled.',
  INTERRUPTED: 'The server stopped while the job was queued or running.',
  SPARK_CONTEXT_LOST: 'Spark stopped under the job while it ran; retrying it should work.',
};

export async function render(main, params, signal) {
  let job = await api(`/api/v1/jobs/${encodeURIComponent(params.id)}`, {signal});
  const id = job.id;
  const status = statusBadge(job.status);
  const actions = h('div', {class: 'actions'});
  const progress = h('progress', {'data-testid': 'job-progress', max: 100, value: 0, 'aria-labelledby': 'progress-title'});
  const progressLabel = h('span', {class: 'progress-text', 'data-testid': 'job-eta'});
  const stagesBody = h('tbody');
  const stagesNote = h('p', {class: 'chart-note'});
  // A long job (rfm-segmentation: ~200 stages of K-Means iterations) shows its latest stages until asked for all.
  let stagesShown = [];
  let allStages = false;
  const stagesToggle = h('button', {type: 'button', class: 'link-button', 'data-testid': 'stages-toggle', hidden: true,
    'aria-controls': 'stages-table', onclick: () => { allStages = !allStages; showStages(stagesShown); }});
  const errorPanel = h('div', {'data-testid': 'job-error', class: 'error-box', role: 'alert', hidden: true});
  const facts = h('dl', {class: 'facts', 'data-testid': 'job-facts'});
  const metrics = h('dl', {class: 'facts', 'data-testid': 'job-metrics'});
  const metricsNote = h('p', {class: 'chart-note'});
  const summary = h('div', {'data-testid': 'job-summary'});
  const streaming = h('section', {class: 'panel', 'data-testid': 'job-streaming', hidden: true});
  const outputsPanel = h('section', {class: 'panel', 'data-testid': 'job-outputs', 'aria-labelledby': 'outputs-title'},
    h('h2', {id: 'outputs-title'}, 'Outputs'));
  const outputsBody = h('div', {}, h('p', {class: 'muted'}, 'Outputs appear once the job succeeded.'));
  outputsPanel.append(outputsBody);
  const sparkUiSlot = h('span');
  const lineage = h('span');
  const plansPanel = h('section', {class: 'panel', id: 'plans', 'data-testid': 'job-plans', 'aria-labelledby': 'plans-title', hidden: !params.plans});

  const section = h('section', {'data-testid': 'job-detail', 'data-job-id': id},
    h('div', {class: 'job-head'}, h('h1', {}, `${job.pipeline} · ${shortId(id)}`), status, actions),
    h('p', {class: 'muted'}, 'Job ', h('code', {}, id), ` · submitted by ${job.submittedBy}`),
    h('nav', {class: 'job-links', 'aria-label': 'About this job'},
      h('a', {href: '#/jobs'}, '← All jobs'),
      h('a', {'data-testid': 'plans-link', href: `#/jobs/${encodeURIComponent(id)}/plans`}, 'Spark plans'),
      sparkUiSlot, lineage),
    errorPanel,
    h('section', {class: 'panel job-progress', 'aria-labelledby': 'progress-title'},
      h('h2', {id: 'progress-title'}, 'Progress'),
      h('div', {}, progress, progressLabel),
      h('h3', {id: 'stages-title'}, 'Spark stages'),
      h('div', {class: 'table-wrap'},
        h('table', {'data-testid': 'job-stages', id: 'stages-table', 'aria-labelledby': 'stages-title'},
          h('thead', {}, h('tr', {}, ['Stage', 'Name', 'Status', 'Tasks', 'Duration', 'Spark UI']
            .map((t) => h('th', {scope: 'col'}, t)))),
          stagesBody)),
      stagesNote, stagesToggle),
    streaming,
    h('div', {class: 'grid'},
      h('section', {class: 'panel', 'aria-labelledby': 'facts-title'}, h('h2', {id: 'facts-title'}, 'Run'), facts),
      h('section', {class: 'panel', 'aria-labelledby': 'metrics-title'}, h('h2', {id: 'metrics-title'}, 'Metrics and cost'), metrics, metricsNote),
      h('section', {class: 'panel', 'aria-labelledby': 'summary-title'}, h('h2', {id: 'summary-title'}, 'Summary'), summary)),
    outputsPanel,
    plansPanel);
  main.append(section);

  const outputs = new Map();
  let stagesFallback = false;
  let stagesAt = 0;
  let stagesTimer = null;

  function update(next) {
    job = next;
    section.dataset.status = job.status;
    setStatus(status, job.status);
    progress.value = percent(job);
    progressLabel.textContent = progressText(job);
    syncActions();
    const sparkUi = job.links && job.links.sparkUi;
    sparkUiSlot.replaceChildren(sparkUi
      ? h('a', {'data-testid': 'spark-ui-link', href: sparkUi, target: '_blank', rel: 'noopener noreferrer'}, 'Spark UI ↗')
      : '');
    lineage.replaceChildren(
      job.retryOf ? h('a', {href: `#/jobs/${encodeURIComponent(job.retryOf)}`}, `Retry of ${shortId(job.retryOf)}`) : '',
      job.reusedJobId ? h('a', {href: `#/jobs/${encodeURIComponent(job.reusedJobId)}`}, `Outputs reused from ${shortId(job.reusedJobId)}`) : '');
    showError();
    showFacts();
    showMetrics();
    showSummary();
    showStreaming();
    showOutputs();
    if (stagesFallback) showStageCounts();
    else scheduleStages();
  }

  function syncActions() {
    const wanted = [['cancel', 'Cancel job', 'danger'], ['retry', 'Retry job', '']]
      .filter(([kind]) => job.links && job.links[kind]);
    const have = [...actions.children].map((b) => b.dataset.kind).join();
    if (have === wanted.map(([k]) => k).join()) return;
    actions.replaceChildren(...wanted.map(([kind, label, style]) => {
      const button = h('button', {type: 'button', class: style, 'data-kind': kind, 'data-testid': `${kind}-job`}, label);
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const answer = await api(job.links[kind], {method: 'POST'});
          if (kind === 'retry') location.hash = `#/jobs/${encodeURIComponent(answer.id)}`;
          else update(answer);
        } catch (error) {
          announce(`Could not ${kind} the job: ${error.message}`, 'error');
          button.disabled = false;
        }
      });
      return button;
    }));
  }

  function showError() {
    errorPanel.hidden = !job.error;
    if (!job.error) return;
    errorPanel.replaceChildren(
      h('p', {}, h('strong', {}, ERROR_WORDS[job.error.type] || 'The job failed.')),
      h('p', {}, job.error.message),
      h('p', {class: 'muted'}, `Error type ${job.error.type}.`));
  }

  function showFacts() {
    const rows = [
      ['Submitted', formatTime(job.submittedAt)],
      ['Started', formatTime(job.startedAt)],
      ['Finished', formatTime(job.finishedAt)],
      ['Duration', formatDuration(jobDurationMs(job))],
    ];
    for (const [name, value] of Object.entries(job.params || {})) {
      if (value !== null && value !== undefined) rows.push([`params.${name}`, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
    }
    for (const [name, input] of Object.entries(job.inputs || {})) {
      rows.push([`input ${name}`, `${input.path} (${formatBytes(input.size)})`]);
    }
    facts.replaceChildren(...rows.flatMap(([dt, dd]) => [h('dt', {}, dt), h('dd', {}, dd)]));
  }

  function showMetrics() {
    const m = job.metrics || {};
    const ms = (v) => formatDuration(v);
    const cpuShare = m.executorRunTimeMs ? ` (${Math.round(100 * (m.executorCpuTimeMs || 0) / m.executorRunTimeMs)} % of run time)` : '';
    const rows = [
      ['Executor run time', ms(m.executorRunTimeMs), 'executorRunTimeMs'],
      ['CPU time', ms(m.executorCpuTimeMs) + cpuShare, 'executorCpuTimeMs'],
      ['GC time', ms(m.jvmGcTimeMs), 'jvmGcTimeMs'],
      ['Peak execution memory (one task)', formatBytes(m.peakExecutionMemoryBytes), 'peakExecutionMemoryBytes'],
      ['Spilled to memory', formatBytes(m.memoryBytesSpilled), 'memoryBytesSpilled'],
      ['Spilled to disk', formatBytes(m.diskBytesSpilled), 'diskBytesSpilled'],
      ['Input', `${formatNumber(m.inputRecords)} records · ${formatBytes(m.inputBytes)}`, 'inputRecords'],
      ['Output', `${formatNumber(m.outputRecords)} records · ${formatBytes(m.outputBytes)}`, 'outputRecords'],
      ['Shuffle read / write', `${formatBytes(m.shuffleReadBytes)} / ${formatBytes(m.shuffleWriteBytes)}`, 'shuffleReadBytes'],
    ];
    metrics.replaceChildren(...rows.flatMap(([dt, dd, key]) => [h('dt', {}, dt), h('dd', {'data-metric': key}, dd)]));
    metricsNote.textContent = job.streaming
      ? 'A streaming job’s metrics add up all its micro-batches so far.' : '';
  }

  function showSummary() {
    const entries = Object.entries(job.summary || {});
    summary.replaceChildren(entries.length
      ? h('dl', {class: 'facts'}, entries.flatMap(([k, v]) => [h('dt', {}, k),
        h('dd', {}, typeof v === 'number' ? formatNumber(v) : (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)))]))
      : h('p', {class: 'muted'}, ENDED.includes(job.status) ? 'No summary.' : 'The summary comes when the job ends.'));
  }

  function showStreaming() {
    const s = job.streaming;
    streaming.hidden = !s;
    if (!s) return;
    const idle = s.lastProgressAt ? Math.round((Date.now() - Date.parse(s.lastProgressAt)) / 1000) : null;
    streaming.replaceChildren(h('h2', {}, 'Stream'), h('dl', {class: 'facts'},
      [['Micro-batch', s.batchId ?? 'none yet'], ['Rows in the latest batch', formatNumber(s.numInputRows)],
        ['Input rate', `${formatNumber(s.inputRowsPerSecond)} rows/s`],
        ['Processing rate', `${formatNumber(s.processedRowsPerSecond)} rows/s`],
        ['Watermark', s.watermark || 'none yet'],
        ['Latest progress report', s.lastProgressAt ? `${formatTime(s.lastProgressAt)}${idle !== null ? ` (${idle} s ago)` : ''}` : '–'],
        ['Rejected rows', formatNumber(s.rejectedRows)]]
        .flatMap(([dt, dd]) => [h('dt', {}, dt), h('dd', {}, String(dd))])));
  }

  function showOutputs() {
    const list = job.outputs || [];
    if (!list.length) return;
    if (!outputs.size) outputsBody.replaceChildren();
    for (const output of list) {
      const known = outputs.get(output.name);
      if (known) {
        known.update(job, output);
        continue;
      }
      const made = outputSection(job, output, signal);
      outputs.set(output.name, made);
      outputsBody.append(made.section);
    }
  }

  function scheduleStages() {
    if (stagesTimer) return;
    const wait = Math.max(0, stagesAt + STAGES_EVERY_MS - Date.now());
    stagesTimer = setTimeout(() => {
      stagesTimer = null;
      stagesAt = Date.now();
      loadStages();
    }, wait);
  }
  signal.addEventListener('abort', () => clearTimeout(stagesTimer));

  async function loadStages() {
    if (!stagesFallback) {
      try {
        const answer = await api(`/api/v1/jobs/${encodeURIComponent(id)}/stages`, {signal});
        showStages(answer.stages || []);
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (!(error instanceof ApiError && error.status === 404)) {
          stagesNote.textContent = `Could not read the stages: ${error.message}`;
          return;
        }
        stagesFallback = true;
      }
    }
    showStageCounts();
  }

  function showStages(stages) {
    stagesNote.textContent = stages.length ? '' : (job.status === 'QUEUED' ? 'No stage has run yet.' : 'No Spark stages recorded for this job.');
    stagesShown = stages;
    const collapsed = !allStages && stages.length > STAGES_COLLAPSED;
    stagesToggle.hidden = stages.length <= STAGES_COLLAPSED;
    stagesToggle.textContent = collapsed ? `Show all ${formatNumber(stages.length)} stages` : `Show the latest ${STAGES_COLLAPSED} stages`;
    // Collapsed: the stages submitted last (a running job's active ones among them), not those never run.
    const shown = collapsed ? stages.filter((stage) => stage.submittedAt).slice(-STAGES_COLLAPSED) : stages;
    if (collapsed) {
      stagesNote.textContent = `The latest ${shown.length} of ${formatNumber(stages.length)} stages.`;
    }
    stagesBody.replaceChildren(...shown.map((stage) => {
      const done = stage.completedTasks || 0;
      const bar = h('progress', {max: stage.numTasks || 1, value: done, 'aria-label': `Tasks of stage ${stage.stageId}`});
      return h('tr', {'data-testid': 'stage-row', 'data-stage-id': stage.stageId},
        h('td', {class: 'num'}, stage.attempt ? `${stage.stageId} (attempt ${stage.attempt})` : String(stage.stageId)),
        h('td', {class: 'mono'}, stage.name || ''),
        h('td', {}, stage.status || ''),
        h('td', {class: 'nowrap'}, bar, h('span', {class: 'progress-text'},
          `${formatNumber(done)} / ${formatNumber(stage.numTasks)}${stage.failedTasks ? ` · ${stage.failedTasks} failed` : ''}`)),
        h('td', {class: 'num'}, formatDuration(stage.durationMs)),
        h('td', {}, stage.sparkUi ? h('a', {href: stage.sparkUi, target: '_blank', rel: 'noopener noreferrer'}, 'stage ↗') : '–'));
    }));
  }

  /** The server has no per-stage list: one row with the job's stage and task counts. */
  function showStageCounts() {
    const s = (job.progress && job.progress.stages) || {};
    const t = (job.progress && job.progress.tasks) || {};
    stagesNote.textContent = 'This server reports stage counts only, not each stage.';
    stagesBody.replaceChildren(h('tr', {'data-testid': 'stage-row', 'data-stage-id': 'all'},
      h('td', {}, 'all'),
      h('td', {}, `${formatNumber(s.total)} stages: ${formatNumber(s.completed)} completed, ${formatNumber(s.active)} active, ${formatNumber(s.failed)} failed`),
      h('td', {}, job.status),
      h('td', {class: 'nowrap'}, h('progress', {max: t.total || 1, value: t.completed || 0, 'aria-label': 'Tasks of the job'}),
        h('span', {class: 'progress-text'}, `${formatNumber(t.completed)} / ${formatNumber(t.total)}${t.failed ? ` · ${t.failed} failed` : ''}`)),
      h('td', {class: 'num'}, formatDuration(jobDurationMs(job))),
      h('td', {}, '–')));
  }

  update(job);
  if (params.plans) await loadPlans(plansPanel, id, signal);

  const ticker = setInterval(() => {
    if (!ENDED.includes(job.status)) {
      showFacts();
      if (job.streaming) showStreaming();
    }
  }, 1000);
  signal.addEventListener('abort', () => clearInterval(ticker));
  follow(id, signal, () => job, update);
}

/** Follows the job's events until it ends; polls while the stream cannot be read. */
async function follow(id, signal, current, update) {
  while (!signal.aborted && !ENDED.includes(current().status)) {
    try {
      await readEvents(`/api/v1/jobs/${encodeURIComponent(id)}/events`, {signal, onJob: update});
      // Closed before the job ended (a proxy, a restart): reconnect, but not in a tight loop.
      if (!ENDED.includes(current().status)) await new Promise((resolve) => setTimeout(resolve, 1000));
    } catch {
      if (signal.aborted) return;
      try {
        update(await api(`/api/v1/jobs/${encodeURIComponent(id)}`, {signal}));
      } catch {
        // Tried again below.
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

async function loadPlans(panel, id, signal) {
  panel.hidden = false;
  panel.replaceChildren(h('h2', {id: 'plans-title'}, 'Spark plans'), h('p', {class: 'muted'}, 'Loading…'));
  const answer = await api(`/api/v1/jobs/${encodeURIComponent(id)}/plans`, {signal});
  const plans = answer.plans || [];
  panel.replaceChildren(h('h2', {id: 'plans-title', tabindex: '-1'}, 'Spark plans'),
    h('p', {class: 'muted'}, plans.length
      ? `The ${plans.length} SQL execution${plans.length === 1 ? '' : 's'} the job ran, each with its physical plan as finally executed.`
      : 'No SQL executions recorded for this job.'),
    ...plans.map((plan) => h('details', {'data-testid': 'plan'},
      h('summary', {}, `#${plan.seq} ${plan.succeeded ? '' : '(failed) '}${plan.description} · ${formatDuration(plan.durationMs)}`),
      h('pre', {class: 'plan'}, plan.plan))));
  panel.scrollIntoView();
}

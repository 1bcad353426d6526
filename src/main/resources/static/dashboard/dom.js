// Small helpers to build DOM nodes and format figures; every view uses them.

/**
 * h('a', {href: '#/jobs', 'data-testid': 'x', onclick: fn}, 'text', child) builds an element. Attributes named
 * on* become listeners; true sets a boolean attribute, false/null/undefined leaves it out.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'value' && 'value' in node) node.value = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
const decimal = new Intl.NumberFormat('en-US', {maximumFractionDigits: 2});

export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '–';
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** 1234 ms → "1.2 s", 75 s → "1 min 15 s", 2 h 3 min. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}

export function formatTime(iso) {
  if (!iso) return '–';
  const date = new Date(iso);
  return date.toLocaleString('en-GB', {dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC'}) + ' UTC';
}

/** How long a job has run: its durationMs once ended, else from startedAt until now. */
export function jobDurationMs(job) {
  if (job.durationMs !== null && job.durationMs !== undefined) return job.durationMs;
  if (job.startedAt) return Date.now() - Date.parse(job.startedAt);
  return null;
}

export const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

const STATUS_SYMBOL = {QUEUED: '◷', RUNNING: '▶', SUCCEEDED: '✓', FAILED: '✕', CANCELLED: '■'};

/** A status as text with a symbol and a colour: the words carry the meaning, the colour only helps. */
export function statusBadge(status, testid = 'job-status') {
  const badge = h('span', {class: `status status-${status}`, 'data-testid': testid});
  setStatus(badge, status);
  return badge;
}

export function setStatus(badge, status) {
  badge.className = `status status-${status}`;
  // The symbol is drawn by CSS (::before), so the badge's text is exactly the status, as screen readers say it.
  badge.dataset.symbol = STATUS_SYMBOL[status] || '•';
  badge.textContent = status;
}

/** Progress as a percentage 0..100 for a <progress> (an ended SUCCEEDED job is 100). */
export function percent(job) {
  if (job.status === 'SUCCEEDED') return 100;
  const fraction = job.progress ? job.progress.fraction : 0;
  return Math.max(0, Math.min(100, Math.round((fraction || 0) * 100)));
}

/** The words beside a progress bar: percentage and ETA, or what a stream is doing. */
export function progressText(job) {
  if (job.streaming) {
    if (job.status !== 'RUNNING') return 'stream ended';
    const batch = job.streaming.batchId;
    return batch === null || batch === undefined ? 'stream starting' : `stream · batch ${batch}`;
  }
  const eta = job.progress ? job.progress.etaSeconds : null;
  const text = `${percent(job)} %`;
  if ((job.status === 'RUNNING' || job.status === 'QUEUED') && eta !== null && eta !== undefined) {
    return `${text} · ETA ${eta < 1 ? 'under 1 s' : formatDuration(eta * 1000)}`;
  }
  return text;
}

/** A value from an output row as text: null stays visible, arrays and structs as JSON. */
export function cellText(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** A short job id for tables; the full id stays in the link's title. */
export function shortId(id) {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** Announces a message to screen readers and shows it in the page's status line. */
export function announce(message, kind = 'info') {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.className = `banner banner-${kind}`;
  region.textContent = message;
  region.hidden = !message;
  clearTimeout(announceTimer);
  // Information fades after a while; an error stays until the next message.
  if (kind === 'info') announceTimer = setTimeout(() => { region.hidden = true; }, 8000);
}

let announceTimer = null;

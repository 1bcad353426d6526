// Datasets: every CSV file under the server's input root (GET /api/v1/datasets), and an upload form (multipart
// POST /api/v1/datasets: file, name, overwrite) sent with XMLHttpRequest for its progress events.

import {h, formatBytes, formatNumber} from './dom.js';
import {api, upload, ApiError} from './api.js';

const NAME = /^[A-Za-z0-9_-]+$/;

export async function render(main, _params, signal) {
  const tbody = h('tbody');
  const count = h('p', {class: 'muted', 'data-testid': 'datasets-count'});
  const file = h('input', {type: 'file', id: 'dataset-file', name: 'file', 'data-testid': 'dataset-file',
    accept: '.csv,text/csv', required: true, 'aria-describedby': 'dataset-file-help'});
  const name = h('input', {type: 'text', id: 'dataset-name', name: 'name', 'data-testid': 'dataset-name', required: true,
    pattern: '[A-Za-z0-9_\\-]+', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'dataset-name-help'});
  const overwrite = h('input', {type: 'checkbox', id: 'dataset-overwrite', name: 'overwrite', 'data-testid': 'dataset-overwrite'});
  const button = h('button', {type: 'submit', class: 'primary', 'data-testid': 'upload-dataset'}, 'Upload');
  const progress = h('progress', {'data-testid': 'upload-progress', max: 100, value: 0, 'aria-labelledby': 'upload-progress-label'});
  const progressText = h('span', {class: 'progress-text', id: 'upload-progress-label'}, 'Not started');
  const result = h('div', {'data-testid': 'upload-result', 'aria-live': 'polite', tabindex: '-1'});

  file.addEventListener('change', () => {
    // A name from the file's, which the user may change: letters, digits, '-' and '_' only.
    if (file.files[0] && !name.value) name.value = file.files[0].name.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9_-]+/g, '_');
  });

  const form = h('form', {class: 'panel', 'aria-labelledby': 'upload-title', novalidate: true},
    h('h2', {id: 'upload-title'}, 'Upload a CSV file'),
    h('div', {class: 'upload-form'},
      h('div', {class: 'field'}, h('label', {for: 'dataset-file'}, 'CSV file'), file,
        h('small', {class: 'help', id: 'dataset-file-help'}, 'A header row is needed; the server checks it and answers with its columns.')),
      h('div', {class: 'field'}, h('label', {for: 'dataset-name'}, 'Name'), name,
        h('small', {class: 'help', id: 'dataset-name-help'}, 'Letters, digits, - and _. Stored as uploads/<name>.csv under the input root.')),
      h('div', {class: 'field field-check'}, overwrite, h('label', {for: 'dataset-overwrite'}, 'Replace a dataset of that name'))),
    h('div', {class: 'actions'}, button, h('span', {class: 'upload-progress'}, progress, progressText)),
    result);

  main.append(
    h('h1', {}, 'Datasets'),
    h('p', {class: 'muted'}, 'CSV files under the server’s input root. Use a path in a job’s path parameters.'),
    form,
    h('h2', {id: 'datasets-title'}, 'Files'),
    count,
    h('div', {class: 'table-wrap'}, h('table', {'data-testid': 'datasets-table', 'aria-labelledby': 'datasets-title'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Path'), h('th', {scope: 'col', class: 'num'}, 'Size'),
        h('th', {scope: 'col'}, 'Columns'))),
      tbody)));

  async function load() {
    const datasets = await api('/api/v1/datasets', {signal});
    datasets.sort((a, b) => a.path.localeCompare(b.path));
    count.textContent = `${formatNumber(datasets.length)} file${datasets.length === 1 ? '' : 's'}`;
    tbody.replaceChildren(...datasets.map((d) => h('tr', {'data-testid': 'dataset-row', 'data-path': d.path},
      h('td', {}, h('code', {}, d.path)),
      h('td', {class: 'num nowrap'}, formatBytes(d.size)),
      h('td', {}, (d.columns || []).join(', ')))));
    if (!datasets.length) tbody.append(h('tr', {}, h('td', {colspan: 3, class: 'muted'}, 'No CSV files yet.')));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.replaceChildren();
    const problems = [];
    if (!file.files[0]) problems.push('Choose a CSV file.');
    if (!NAME.test(name.value)) problems.push('The name may hold letters, digits, - and _ only.');
    if (problems.length) {
      result.replaceChildren(h('p', {class: 'field-error', role: 'alert'}, problems.join(' ')));
      return;
    }
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('name', name.value);
    data.append('overwrite', String(overwrite.checked));
    button.disabled = true;
    progress.value = 0;
    progressText.textContent = 'Uploading…';
    try {
      const stored = await upload('/api/v1/datasets', data, (loaded, total) => {
        progress.value = Math.round((100 * loaded) / total);
        progressText.textContent = `${progress.value} % of ${formatBytes(total)}`;
      });
      progress.value = 100;
      progressText.textContent = 'Done';
      result.replaceChildren(h('p', {class: 'banner banner-info', 'data-status': 'ok'},
        'Stored as ', h('code', {}, stored.path), ` (${formatBytes(stored.size)}; columns ${(stored.columns || []).join(', ')}). `,
        h('a', {href: '#/submit'}, 'Use it in a job.')));
      await load();
    } catch (error) {
      progressText.textContent = 'Failed';
      const problem = error instanceof ApiError ? error.problem : {};
      result.replaceChildren(h('div', {class: 'banner banner-error', role: 'alert', 'data-status': 'error'},
        h('strong', {}, problem.title || 'Upload failed'), `: ${error.message}`,
        (problem.errors || []).length ? h('ul', {}, problem.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))) : null));
    } finally {
      button.disabled = false;
    }
    result.focus();
  });

  await load();
}

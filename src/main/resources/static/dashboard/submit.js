// The submit form, generated from the pipeline catalogue (GET /api/v1/pipelines): one control per parameter with
// its type, default, allowed values, range and description, plus the run options of a submission. The server's
// 400 errors are shown next to their fields; on 202 the page goes to the new job.

import {h, formatBytes} from './dom.js';
import {api, catalogue, ApiError} from './api.js';

const WEBHOOK_EVENTS = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export async function render(main, params, signal) {
  const [pipelines, datasets] = await Promise.all([catalogue(), api('/api/v1/datasets', {signal}).catch(() => [])]);
  const select = h('select', {id: 'pipeline', name: 'pipeline', 'data-testid': 'pipeline-select'},
    pipelines.map((p) => h('option', {value: p.name}, p.name)));
  const chosen = pipelines.find((p) => p.name === params.pipeline) || pipelines[0];
  select.value = chosen.name;
  const description = h('p', {class: 'help', id: 'pipeline-help'});
  select.setAttribute('aria-describedby', 'pipeline-help');
  const fields = h('div', {class: 'fields'});
  const options = h('div', {class: 'fields'});
  const formError = h('div', {class: 'banner banner-error', role: 'alert', 'data-testid': 'form-error', tabindex: '-1', hidden: true});
  const submitButton = h('button', {type: 'submit', class: 'primary', 'data-testid': 'submit-job'}, 'Submit job');
  const dryRunButton = h('button', {type: 'button', 'data-testid': 'dry-run'}, 'Check and show plans (dry run)');
  const dryRunResult = h('div', {'data-testid': 'dry-run-result', 'aria-live': 'polite'});
  const form = h('form', {'data-testid': 'submit-form', class: 'submit-form', novalidate: true},
    h('fieldset', {}, h('legend', {}, 'Parameters'), fields),
    h('fieldset', {}, h('legend', {}, 'Run options'), options),
    formError,
    h('div', {class: 'actions'}, submitButton, dryRunButton),
    dryRunResult);

  // Paths known to the server, offered as suggestions for path and folder parameters.
  const files = datasets.map((d) => d.path);
  const folders = [...new Set(files.filter((p) => p.includes('/')).map((p) => p.slice(0, p.lastIndexOf('/') + 1)))];
  main.append(
    h('h1', {}, 'Submit a job'),
    h('div', {class: 'field'}, h('label', {for: 'pipeline'}, 'Pipeline'), select, description),
    form,
    h('datalist', {id: 'known-files'}, files.map((p) => h('option', {value: p}))),
    h('datalist', {id: 'known-folders'}, folders.map((p) => h('option', {value: p}))));

  let pipeline = chosen;
  function build() {
    pipeline = pipelines.find((p) => p.name === select.value);
    description.textContent = `${pipeline.description} Outputs: ${pipeline.outputs.join(', ')}.`;
    fields.replaceChildren(...pipeline.parameters.map(parameterField));
    options.replaceChildren(...runOptions(pipeline));
    formError.hidden = true;
    dryRunResult.replaceChildren();
  }
  select.addEventListener('change', () => {
    // replaceState: the address names the pipeline without the router building the page again.
    history.replaceState(null, '', `#/submit/${encodeURIComponent(select.value)}`);
    build();
  });
  build();

  async function send(dryRun) {
    clearErrors(form, formError);
    const body = collect(form, pipeline);
    if (!body) return;
    submitButton.disabled = true;
    dryRunButton.disabled = true;
    try {
      const answer = await api(`/api/v1/jobs${dryRun ? '?dryRun=true' : ''}`, {method: 'POST', json: body, signal});
      if (dryRun) showDryRun(dryRunResult, answer);
      else location.hash = `#/jobs/${encodeURIComponent(answer.id)}`;
    } catch (error) {
      if (signal.aborted) return;
      showErrors(form, formError, error);
    } finally {
      submitButton.disabled = false;
      dryRunButton.disabled = false;
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(false);
  });
  dryRunButton.addEventListener('click', () => send(true));
}

function controlFor(parameter) {
  const id = `param-${parameter.name}`;
  const common = {id, name: parameter.name, 'data-param': parameter.name, 'data-type': parameter.type};
  const value = parameter.default === null || parameter.default === undefined ? '' : String(parameter.default);
  if (parameter.allowedValues && parameter.allowedValues.length) {
    return h('select', common,
      parameter.required || value !== '' ? null : h('option', {value: ''}, '(not set)'),
      parameter.allowedValues.map((v) => h('option', {value: v, selected: String(v) === value}, v)));
  }
  switch (parameter.type) {
    case 'boolean':
      return h('input', {...common, type: 'checkbox', checked: parameter.default === true});
    case 'integer':
    case 'long':
    case 'number':
      return h('input', {...common, type: 'number', inputmode: parameter.type === 'number' ? 'decimal' : 'numeric',
        step: parameter.type === 'number' ? 'any' : '1', min: parameter.minimum, max: parameter.maximum,
        value, required: parameter.required});
    case 'path':
      return h('input', {...common, type: 'text', list: 'known-files', value, required: parameter.required,
        autocomplete: 'off', spellcheck: 'false'});
    case 'folder':
      return h('input', {...common, type: 'text', list: 'known-folders', value, required: parameter.required,
        autocomplete: 'off', spellcheck: 'false'});
    default:
      return h('input', {...common, type: 'text', value, required: parameter.required, spellcheck: 'false'});
  }
}

function parameterField(parameter) {
  const control = controlFor(parameter);
  const id = control.id;
  const help = [parameter.description];
  if (parameter.minimum !== undefined || parameter.maximum !== undefined) {
    help.push(`Range ${parameter.minimum ?? '…'} to ${parameter.maximum ?? '…'}.`);
  }
  if (parameter.requiredColumns) help.push(`Needs columns ${parameter.requiredColumns.join(', ')}.`);
  if (!parameter.required && (parameter.default === null || parameter.default === undefined)) {
    help.push('Optional; leave empty for none.');
  }
  control.setAttribute('aria-describedby', `${id}-help`);
  const label = h('label', {for: id}, parameter.name, parameter.required ? h('span', {class: 'required'}, ' (required)') : null,
    h('span', {class: 'type'}, ` ${parameter.type}`));
  const error = h('span', {class: 'field-error', 'data-testid': 'field-error', 'data-field': `params.${parameter.name}`,
    id: `${id}-error`, hidden: true});
  return h('div', {class: parameter.type === 'boolean' ? 'field field-check' : 'field'},
    parameter.type === 'boolean' ? [control, label] : [label, control],
    h('small', {class: 'help', id: `${id}-help`}, help.join(' ')),
    error);
}

/** Whether a pipeline streams: its catalogue entry offers the availableNow trigger. */
function isStreaming(pipeline) {
  return pipeline.parameters.some((p) => p.name === 'trigger' && (p.allowedValues || []).includes('availableNow'));
}

function runOptions(pipeline) {
  const list = [
    optionField('timeoutSeconds', 'Timeout (seconds)', h('input', {type: 'number', min: 1, max: 604800, step: 1,
      inputmode: 'numeric'}), 'Stop the job (FAILED, TIMEOUT) after this run time. Empty: the server’s default.'),
  ];
  if (!isStreaming(pipeline)) {
    list.push(optionField('reuse', 'Reuse identical work', h('input', {type: 'checkbox'}),
      'Take the outputs of the newest identical SUCCEEDED job (same parameters and unchanged inputs) instead of running.'));
  } else {
    list.push(h('p', {class: 'help'}, 'Streaming: set trigger to availableNow above to process what is there now and end SUCCEEDED; '
      + 'processingTime runs until cancelled.'));
  }
  list.push(optionField('webhook.url', 'Webhook URL', h('input', {type: 'url', placeholder: 'https://ci.example.com/hooks/sparkway',
    autocomplete: 'off'}), 'Optional: where to POST the job’s end (the host must be allowed by the server).'));
  const events = h('fieldset', {class: 'inline-checks', id: 'opt-webhook-events', 'data-option': 'webhook.events'},
    h('legend', {}, 'Webhook on'),
    WEBHOOK_EVENTS.map((e) => h('label', {}, h('input', {type: 'checkbox', name: 'webhook-event', value: e, checked: true}), ` ${e}`)),
    h('span', {class: 'field-error', 'data-testid': 'field-error', 'data-field': 'webhook.events', id: 'opt-webhook-events-error', hidden: true}));
  list.push(events);
  return list;
}

function optionField(field, labelText, control, helpText) {
  const id = `opt-${field.replace('.', '-')}`;
  control.id = id;
  control.name = field;
  control.dataset.option = field;
  control.setAttribute('aria-describedby', `${id}-help`);
  const label = h('label', {for: id}, labelText);
  const checkbox = control.type === 'checkbox';
  return h('div', {class: checkbox ? 'field field-check' : 'field'},
    checkbox ? [control, label] : [label, control],
    h('small', {class: 'help', id: `${id}-help`}, helpText),
    h('span', {class: 'field-error', 'data-testid': 'field-error', 'data-field': field, id: `${id}-error`, hidden: true}));
}

/** The request body: parameters that are set (an empty one takes its default), options only when set. */
function collect(form, pipeline) {
  const params = {};
  for (const parameter of pipeline.parameters) {
    const control = form.querySelector(`[data-param="${parameter.name}"]`);
    if (control.type === 'checkbox') {
      if (control.checked !== (parameter.default === true)) params[parameter.name] = control.checked;
      continue;
    }
    const raw = control.value.trim();
    if (raw === '') continue;
    if (['integer', 'long', 'number'].includes(parameter.type)) {
      const number = Number(raw);
      // A value the browser cannot read as a number goes as typed, so the server's message names it.
      params[parameter.name] = Number.isFinite(number) ? number : raw;
    } else {
      params[parameter.name] = raw;
    }
  }
  const body = {pipeline: pipeline.name, params};
  const timeout = form.querySelector('[data-option=timeoutSeconds]').value.trim();
  if (timeout !== '') body.timeoutSeconds = Number.isFinite(Number(timeout)) ? Number(timeout) : timeout;
  const reuse = form.querySelector('[data-option=reuse]');
  if (reuse && reuse.checked) body.reuse = true;
  const url = form.querySelector('[data-option="webhook.url"]').value.trim();
  if (url) {
    body.webhook = {url};
    const checked = [...form.querySelectorAll('input[name=webhook-event]:checked')].map((c) => c.value);
    if (checked.length !== WEBHOOK_EVENTS.length) body.webhook.events = checked;
  }
  return body;
}

function clearErrors(form, formError) {
  formError.hidden = true;
  formError.replaceChildren();
  for (const error of form.querySelectorAll('[data-testid=field-error]')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    control.setAttribute('aria-describedby', `${control.id}-help`);
  }
}

/** Field errors next to their fields (first one focused); the rest, and anything that is not a 400, above the buttons. */
function showErrors(form, formError, error) {
  const problem = error instanceof ApiError ? error.problem : {};
  const unplaced = [];
  let first = null;
  for (const {field, message} of problem.errors || []) {
    const slot = [...form.querySelectorAll('[data-testid=field-error]')].find((e) => e.dataset.field === field);
    if (!slot) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    slot.hidden = false;
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    const control = form.querySelector(`#${slot.id.replace(/-error$/, '')}`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', `${slot.id} ${control.id}-help`);
      if (!first) first = control;
    }
  }
  if (!(problem.errors || []).length || unplaced.length) {
    formError.hidden = false;
    formError.append(
      h('strong', {}, problem.title || (error.status ? `HTTP ${error.status}` : 'Request failed')), ': ',
      problem.errors && problem.errors.length ? 'these fields need fixing.' : error.message);
    if (unplaced.length) formError.append(h('ul', {}, unplaced.map((text) => h('li', {}, text))));
    if (!first) formError.focus();
  }
  if (first) first.focus();
}

function showDryRun(target, answer) {
  target.replaceChildren(
    h('h2', {}, 'Dry run: valid'),
    h('p', {}, 'Nothing was run or recorded. Inputs: ',
      answer.inputs.map((i) => `${i.path} (${formatBytes(i.bytes)})`).join(', ') || 'none', '.'),
    ...answer.plans.map((plan) => h('details', {open: answer.plans.length === 1},
      h('summary', {}, `Plan of ${plan.output}`), h('pre', {class: 'plan'}, plan.plan))));
}

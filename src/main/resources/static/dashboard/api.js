// The API client: every call goes through here, so the API key is handled in one place. The key lives in
// sessionStorage (this tab only) and travels as the X-API-Key header, never in a URL. A 401 opens the key dialog
// and the call is retried once a key was saved; a 403 says the key lacks the role.

const KEY_STORAGE = 'sparkway.apiKey';

/** An answer that was not 2xx: status and the problem+json body (type, title, detail, errors[]). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

let pendingKey = null;

/**
 * Opens the key dialog (once, however many calls are waiting) and resolves when a key was saved. A key that was
 * already sent and refused is named in the dialog.
 */
export function askForKey(reason) {
  if (pendingKey) return pendingKey;
  const dialog = document.getElementById('api-key-dialog');
  const form = document.getElementById('api-key-form');
  const input = document.getElementById('api-key');
  const message = document.getElementById('api-key-message');
  message.hidden = !reason;
  message.textContent = reason || '';
  input.value = '';
  pendingKey = new Promise((resolve) => {
    const onSubmit = (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) {
        message.hidden = false;
        message.textContent = 'Enter a key.';
        input.focus();
        return;
      }
      sessionStorage.setItem(KEY_STORAGE, key);
      form.removeEventListener('submit', onSubmit);
      dialog.close();
      document.getElementById('change-key').hidden = false;
      pendingKey = null;
      resolve();
    };
    form.addEventListener('submit', onSubmit);
  });
  if (!dialog.open) dialog.showModal();
  input.focus();
  return pendingKey;
}

// Without a key nothing works: Escape does not close the dialog, it stays until a key is saved.
document.getElementById('api-key-dialog').addEventListener('cancel', (event) => event.preventDefault());
document.getElementById('change-key').addEventListener('click', () => {
  askForKey().then(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
});
if (apiKey()) document.getElementById('change-key').hidden = false;

function showForbidden(problem) {
  const banner = document.getElementById('forbidden');
  banner.hidden = false;
  banner.textContent = `Your API key does not have the role for this. ${problem.detail || ''} `
    + 'Use “API key…” at the top to change it.';
}

export function clearForbidden() {
  document.getElementById('forbidden').hidden = true;
}

function withKey(headers = {}) {
  const key = apiKey();
  return key ? {...headers, 'X-API-Key': key} : headers;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return {title: response.statusText};
  }
}

function refusedKeyReason() {
  return apiKey() ? 'The server did not accept that key; check it and try again.' : null;
}

/**
 * fetch() with the key and the 401/403 handling; answers the Response when it is 2xx, else throws ApiError.
 * options: {method, json (a body to send as JSON), headers, signal}.
 */
export async function fetchApi(path, options = {}) {
  for (;;) {
    const headers = withKey({Accept: 'application/json', ...(options.headers || {})});
    let body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(path, {method: options.method || 'GET', headers, body, signal: options.signal});
    if (response.status === 401) {
      await askForKey(refusedKeyReason());
      continue;
    }
    if (response.status === 403) {
      const problem = await problemOf(response);
      showForbidden(problem);
      throw new ApiError(403, problem);
    }
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    return response;
  }
}

/** GET/POST and parse the JSON answer (null for 204). */
export async function api(path, options = {}) {
  const response = await fetchApi(path, options);
  if (response.status === 204) return null;
  return response.json();
}

let pipelines = null;

/** The pipeline catalogue, read once per page load. */
export function catalogue() {
  if (!pipelines) pipelines = api('/api/v1/pipelines').catch((error) => {
    pipelines = null;
    throw error;
  });
  return pipelines;
}

/**
 * Reads a Server-Sent Events stream with fetch() and a stream reader (EventSource cannot send the key header).
 * Calls onJob(job) for each `job` event and onComment(text) for comment lines (": connected"); resolves when the
 * server closes the stream, rejects when it cannot be opened or breaks (an abort through signal resolves).
 */
export async function readEvents(path, {signal, onJob, onComment}) {
  let response;
  try {
    response = await fetchApi(path, {signal, headers: {Accept: 'text/event-stream'}});
  } catch (error) {
    if (signal && signal.aborted) return;
    throw error;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block, onJob, onComment);
      }
    }
  } catch (error) {
    if (signal && signal.aborted) return;
    throw error;
  } finally {
    reader.releaseLock();
  }
}

function dispatch(block, onJob, onComment) {
  const data = [];
  let event = 'message';
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      if (onComment) onComment(line.slice(1).trim());
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    } else if (line.startsWith('event:')) {
      event = line.slice(6).trim();
    }
  }
  if (data.length && event === 'job' && onJob) onJob(JSON.parse(data.join('\n')));
}

/**
 * POSTs a multipart form with XMLHttpRequest, for its upload progress events: onProgress(loaded, total).
 * Resolves with the JSON answer; rejects with ApiError (after asking for a key and retrying on 401).
 */
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('Accept', 'application/json');
    const key = apiKey();
    if (key) request.setRequestHeader('X-API-Key', key);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    request.addEventListener('load', () => {
      let body = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = {title: request.statusText};
      }
      if (request.status === 401) {
        askForKey(refusedKeyReason()).then(() => upload(path, formData, onProgress)).then(resolve, reject);
      } else if (request.status === 403) {
        showForbidden(body || {});
        reject(new ApiError(403, body));
      } else if (request.status >= 200 && request.status < 300) {
        resolve(body);
      } else {
        reject(new ApiError(request.status, body));
      }
    });
    request.addEventListener('error', () => reject(new ApiError(0, {detail: 'The upload could not reach the server (connection lost or refused).'})));
    request.send(formData);
  });
}

// The hash router: #/jobs (default), #/jobs/{id}, #/jobs/{id}/plans, #/submit, #/submit/{pipeline}, #/datasets.
// Each view is a module with render(main, params, signal) that resolves once its first data is on the page;
// the signal aborts its fetches, streams and timers when the route changes.

import {h} from './dom.js';
import {clearForbidden} from './api.js';

const ROUTES = [
  {pattern: /^#\/jobs\/([^/?]+)(\/plans)?$/, name: 'job', module: './job.js',
    params: (m) => ({id: decodeURIComponent(m[1]), plans: Boolean(m[2])})},
  {pattern: /^#\/submit(?:\/([^/?]+))?$/, name: 'submit', module: './submit.js',
    params: (m) => ({pipeline: m[1] ? decodeURIComponent(m[1]) : null})},
  {pattern: /^#\/datasets$/, name: 'datasets', module: './datasets.js', params: () => ({})},
  {pattern: /^(#\/?|#\/jobs\/?)?$/, name: 'jobs', module: './jobs.js', params: () => ({})},
];

let current = null;

export function start() {
  window.addEventListener('hashchange', () => show(true));
  show(false);
}

async function show(moveFocus) {
  if (current) current.abort();
  const controller = new AbortController();
  current = controller;
  const main = document.getElementById('main');
  const hash = location.hash;
  const route = ROUTES.find((r) => r.pattern.test(hash));
  clearForbidden();
  document.getElementById('announcer').hidden = true;
  main.dataset.ready = 'false';
  main.replaceChildren();
  if (moveFocus) window.scrollTo(0, 0);
  if (!route) {
    main.dataset.route = 'not-found';
    main.append(h('h1', {tabindex: '-1'}, 'Page not found'),
      h('p', {}, 'There is no page at ', h('code', {}, hash), '. ', h('a', {href: '#/jobs'}, 'Go to the jobs.')));
    main.dataset.ready = 'true';
    return;
  }
  main.dataset.route = route.name;
  for (const link of document.querySelectorAll('nav a[data-nav]')) {
    if (link.dataset.nav === route.name || (route.name === 'job' && link.dataset.nav === 'jobs')) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  try {
    const view = await import(route.module);
    await view.render(main, route.params(hash.match(route.pattern)), controller.signal);
    if (controller.signal.aborted) return;
    main.dataset.ready = 'true';
  } catch (error) {
    if (controller.signal.aborted) return;
    main.append(h('div', {class: 'banner banner-error', role: 'alert', 'data-testid': 'page-error'},
      `Could not load this page: ${error.message}. `,
      h('button', {type: 'button', class: 'link-button', onclick: () => show(false)}, 'Try again')));
  }
  if (moveFocus && !controller.signal.aborted) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: true});
    }
  }
  document.title = `${(main.querySelector('h1') || {}).textContent || 'Sparkway'} · Sparkway`;
}

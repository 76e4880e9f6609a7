// The dashboard page: a hash router over five views, each refreshed every POLL_MS from the JSON API. Views keep
// their DOM and replace a part only when its data changed, so that a button does not vanish under the pointer.
// Every value from the server is inserted as text (textContent / text nodes), never parsed as HTML.
'use strict';
(() => {
  const POLL_MS = 2000;
  const STATES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
  const viewEl = document.getElementById('view');
  const statusEl = document.getElementById('status');
  let current = null;
  let busy = false;

  /** An element with attributes (on* keys are listeners) and children (strings become text nodes). */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) return;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach(c => {
      if (c === undefined || c === null) return;
      e.append(c instanceof Node ? c : String(c));
    });
    return e;
  }

  /** Replaces the content of `slot` with build(data) when data differs from what it shows. */
  function update(slot, data, build) {
    const key = JSON.stringify(data);
    if (slot.dataset.key === key) return;
    slot.dataset.key = key;
    slot.replaceChildren(build(data));
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  function notify(el, text, ok) {
    el.textContent = text;
    el.className = 'message ' + (ok ? 'ok' : 'error');
  }

  async function act(messageEl, promise, done) {
    try {
      const answer = await promise;
      notify(messageEl, done + (answer && answer.jobs !== undefined ? ' (' + answer.jobs + ' jobs)' : ''), true);
    } catch (e) {
      notify(messageEl, e.message, false);
    }
    refresh();
  }

  function table(headers, rows, empty) {
    if (rows.length === 0) return h('p', { class: 'empty' }, empty);
    return h('table', {}, h('thead', {}, h('tr', {}, headers.map(x => h('th', {}, x)))), h('tbody', {}, rows));
  }

  // ---- overview: throughput, failures, queues, workers
  function queuesTable(queues, message) {
    return table(['Queue', 'Size', 'Latency', 'State', ''], queues.map(q => h('tr', { 'data-queue': q.name },
      h('td', { class: 'mono' }, q.name), h('td', {}, q.size), h('td', {}, (q.latencyMs / 1000).toFixed(1) + ' s'),
      h('td', { class: 'queue-state' }, q.paused ? 'paused' : 'active'),
      h('td', {}, h('button', {
        class: q.paused ? 'resume' : 'pause',
        onclick: () => act(message, q.paused ? SidelineApi.resume(q.name) : SidelineApi.pause(q.name),
          (q.paused ? 'Resumed ' : 'Paused ') + q.name),
      }, q.paused ? 'Resume' : 'Pause')))), 'No queue yet.');
  }

  function overview() {
    const message = h('p', { class: 'message' });
    const cards = h('div', { class: 'cards' });
    const chart = h('div', { class: 'chart', id: 'throughput' });
    const queues = h('div', { id: 'queues' });
    const workers = h('div', { id: 'workers' });
    viewEl.replaceChildren(h('h1', {}, 'Overview'), cards, h('h2', {}, 'Jobs per minute (last hour)'), chart,
      h('h2', {}, 'Queues'), message, queues, h('h2', {}, 'Workers'), workers);
    return {
      async render() {
        const [stats, qs, ws] = await Promise.all([SidelineApi.stats(), SidelineApi.queues(), SidelineApi.workers()]);
        const last = stats.history.length ? stats.history[stats.history.length - 1] : { processed: 0, failed: 0 };
        const busyNow = ws.reduce((s, w) => s + w.busy, 0) + ' / ' + ws.reduce((s, w) => s + w.concurrency, 0);
        update(cards, { p: stats.processed, f: stats.failed, last, busyNow }, () => h('div', { class: 'cards' },
          card('Processed', stats.processed, 'processed'), card('Failed', stats.failed, 'failed'),
          card('Last minute', last.processed + ' / ' + last.failed + ' failed', 'last-minute'),
          card('Busy', busyNow, 'busy')));
        update(chart, stats.history.slice(-60), bars);
        update(queues, qs, data => queuesTable(data, message));
        update(workers, ws, data => table(['Worker', 'Host', 'Pid', 'Queues', 'Busy', 'Heartbeat'], data.map(w =>
          h('tr', {}, h('td', { class: 'mono' }, w.id), h('td', {}, w.host), h('td', {}, w.pid),
            h('td', {}, w.queues.join(', ')), h('td', {}, w.busy + ' / ' + w.concurrency),
            h('td', {}, time(w.lastHeartbeat)))), 'No live worker.'));
      },
    };
  }

  function card(label, value, id) {
    return h('div', { class: 'card', id: 'card-' + id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
  }

  function bars(history) {
    const max = Math.max(1, ...history.map(m => m.processed));
    const wrap = h('div', { class: 'bars' });
    history.forEach(m => {
      const bar = h('div', { class: 'bar', title: time(m.minute) + ': ' + m.processed + ' processed, ' + m.failed + ' failed' });
      const ok = h('div', { class: 'ok' });
      const bad = h('div', { class: 'bad' });
      ok.style.height = ((m.processed - m.failed) / max * 100) + '%';
      bad.style.height = (m.failed / max * 100) + '%';
      bar.append(bad, ok);
      wrap.append(bar);
    });
    if (history.length === 0) wrap.append(h('p', { class: 'empty' }, 'No job in the last hours.'));
    return wrap;
  }

  // ---- runs list with a state filter and cursor pages
  function runs(params) {
    const state = params.get('state') || '';
    const withCallbacks = params.get('callbacks') === '1';
    const cursors = [null];
    const go = () => {
      const q = new URLSearchParams();
      if (select.value) q.set('state', select.value);
      if (callbacksBox.checked) q.set('callbacks', '1');
      location.hash = '#/runs' + (q.toString() ? '?' + q : '');
    };
    const select = h('select', { id: 'state-filter', onchange: go },
      h('option', { value: '' }, 'every state'), STATES.map(s => h('option', { value: s }, s)));
    select.value = state;
    // the runs of callbacks belong to their parent (its row shows how they went): listed only when asked for
    const callbacksBox = h('input', { type: 'checkbox', id: 'callbacks-filter', onchange: go });
    callbacksBox.checked = withCallbacks;
    const list = h('div', { id: 'runs' });
    const prev = h('button', { onclick: () => { if (cursors.length > 1) { cursors.pop(); refresh(); } } }, 'Newer');
    const next = h('button', { onclick: () => { if (next.dataset.cursor) { cursors.push(next.dataset.cursor); refresh(); } } }, 'Older');
    viewEl.replaceChildren(h('h1', {}, 'Runs'), h('label', {}, 'State ', select),
      h('label', {}, ' ', callbacksBox, ' runs of callbacks too'), list, h('div', { class: 'pager' }, prev, next));
    return {
      async render() {
        const page = await SidelineApi.runs(state, cursors[cursors.length - 1], withCallbacks);
        next.dataset.cursor = page.next || '';
        next.disabled = !page.next;
        prev.disabled = cursors.length === 1;
        update(list, page.runs, data => table(['Run', 'State', 'Jobs', 'Failed', 'Started', 'Finished'], data.map(r =>
          h('tr', { 'data-run': r.runId }, h('td', { class: 'mono' }, h('a', { href: '#/run/' + encodeURIComponent(r.runId) }, r.runId)),
            h('td', {}, h('span', { class: 'pill r-' + r.state }, r.state),
              r.callbacks ? h('span', { class: 'callbacks' }, ' callbacks: ' + r.callbacks) : ''),
            h('td', {}, r.jobsDone + ' / ' + r.jobsTotal),
            h('td', {}, r.jobsFailed), h('td', {}, time(r.startedAt)), h('td', {}, time(r.finishedAt)))), 'No run.'));
      },
    };
  }

  // ---- one run: status, cancel / retry, the graph, a node's details
  function run(runId) {
    const stateEl = h('span', { id: 'run-state', class: 'pill' });
    const facts = h('p', { id: 'run-facts' });
    const message = h('p', { class: 'message', id: 'run-message' });
    const cancel = h('button', { id: 'run-cancel', onclick: () => act(message, SidelineApi.cancel(runId), 'Cancelled') }, 'Cancel run');
    const retry = h('button', { id: 'run-retry', onclick: () => act(message, SidelineApi.retry(runId), 'Retried') }, 'Retry run');
    const graphEl = h('div', { id: 'run-graph', class: 'graph-wrap' });
    const detail = h('div', { id: 'node-detail', class: 'detail' }, h('p', { class: 'empty' }, 'Click a node for its arguments, error and jid.'));
    let selected = null;
    let last = null;
    let etag = null; // the tag of the answer drawn: the next poll asks for the run only if it changed
    viewEl.replaceChildren(h('h1', {}, 'Run ', h('span', { class: 'mono', id: 'run-id' }, runId), ' ', stateEl),
      facts, h('div', { class: 'actions' }, cancel, retry), message, graphEl, detail);

    function select(choice) {
      selected = choice.kind === 'job' ? choice.index : null;
      showDetail(choice);
      draw(true);
    }

    function showDetail(choice) {
      if (choice.kind === 'group') {
        detail.replaceChildren(h('h3', {}, 'Group of ' + choice.size), h('ul', {},
          Object.entries(choice.counts).map(([s, n]) => h('li', {}, n + ' ' + s))));
        return;
      }
      const node = choice.node;
      const error = node.jid && last.errors ? last.errors[node.jid] : null;
      detail.replaceChildren(h('h3', { id: 'node-job' }, node.job),
        h('dl', {}, h('dt', {}, 'State'), h('dd', { id: 'node-state' }, node.state),
          h('dt', {}, 'Jid'), h('dd', { id: 'node-jid', class: 'mono' }, node.jid === null ? '(not planned yet)' : node.jid),
          h('dt', {}, 'Queue'), h('dd', { id: 'node-queue' }, node.queue || 'default'),
          h('dt', {}, 'Arguments'), h('dd', {}, h('pre', { id: 'node-args' }, JSON.stringify(node.args || [], null, 2))),
          h('dt', {}, 'Error'), h('dd', { id: 'node-error' }, error ? error.errorClass + ': ' + error.errorMessage
            + ' (retries ' + error.retryCount + ')' : (node.state === 'dead' ? '(not in the newest dead jobs)' : '-'))));
    }

    function draw(force) {
      if (!last) return;
      const key = JSON.stringify([last.graph, selected]);
      if (!force && graphEl.dataset.key === key) return;
      graphEl.dataset.key = key;
      if (last.graph === null) {
        graphEl.replaceChildren(h('p', { class: 'empty' }, 'No graph stored for this run.'));
        return;
      }
      graphEl.replaceChildren(SidelineGraph.render(last.graph, select, selected));
      if (selected !== null) {
        const node = SidelineGraph.jobsIn(last.graph)[selected];
        if (node) showDetail({ kind: 'job', index: selected, node });
      }
    }

    return {
      async render() {
        const answer = await SidelineApi.runIfChanged(runId, etag);
        if (answer.body === null) return; // 304: the run and its graph are as drawn
        last = answer.body;
        etag = answer.etag;
        stateEl.textContent = last.state;
        stateEl.className = 'pill r-' + last.state;
        facts.textContent = last.jobsDone + ' of ' + last.jobsTotal + ' jobs done, ' + last.jobsFailed + ' failed; started '
          + time(last.startedAt) + (last.finishedAt ? ', finished ' + time(last.finishedAt) : '')
          + (last.failureReason ? '; ' + last.failureReason : '') + (last.stalled ? '; STALLED' : '')
          + (last.callbacks ? '; callbacks: ' + last.callbacks : '');
        cancel.disabled = last.state !== 'RUNNING';
        retry.disabled = last.state !== 'FAILED';
        draw(false);
      },
    };
  }

  // ---- dead / retry / scheduled
  function jobs(set) {
    const message = h('p', { class: 'message', id: 'jobs-message' });
    const list = h('div', { id: 'jobs' });
    const retryLabel = set === 'dead' ? 'Retry' : 'Run now';
    viewEl.replaceChildren(h('h1', {}, { dead: 'Dead jobs', retry: 'Retrying jobs', scheduled: 'Scheduled jobs' }[set]), message, list);
    return {
      async render() {
        const page = await SidelineApi.jobs(set);
        update(list, page.jobs, data => table(['Job', 'Queue', 'Arguments', 'Run', 'Error', set === 'dead' ? 'Died' : 'Due', ''],
          data.map(j => h('tr', { 'data-jid': j.jid },
            h('td', {}, j.class), h('td', {}, j.queue), h('td', { class: 'mono args' }, JSON.stringify(j.args)),
            h('td', { class: 'mono' }, j.runId ? h('a', { href: '#/run/' + encodeURIComponent(j.runId) }, j.runId.slice(0, 8)) : ''),
            h('td', {}, j.errorClass ? j.errorClass + ': ' + (j.errorMessage || '') : ''), h('td', {}, time(j.at)),
            h('td', {}, h('button', { class: 'retry', onclick: () => act(message, SidelineApi.retryJob(set, j.jid), retryLabel + ': ' + j.jid) }, retryLabel),
              h('button', { class: 'delete', onclick: () => act(message, SidelineApi.deleteJob(set, j.jid), 'Deleted ' + j.jid) }, 'Delete')))),
          'None.'));
      },
    };
  }

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, query] = hash.split('?');
    const params = new URLSearchParams(query || '');
    document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', hash.startsWith(a.getAttribute('href').slice(1)) && a.getAttribute('href') !== '#/' || (a.getAttribute('href') === '#/' && path === '/')));
    if (path.startsWith('/run/')) return run(decodeURIComponent(path.slice(5)));
    if (path === '/runs') return runs(params);
    if (path.startsWith('/jobs/')) {
      const set = path.slice(6);
      if (['dead', 'retry', 'scheduled'].includes(set)) return jobs(set);
    }
    return overview();
  }

  async function refresh() {
    if (busy || !current) return;
    busy = true;
    try {
      await current.render();
      statusEl.textContent = 'live \u00b7 ' + new Date().toLocaleTimeString();
      statusEl.className = 'status ok';
    } catch (e) {
      statusEl.textContent = 'error: ' + e.message;
      statusEl.className = 'status error';
    } finally {
      busy = false;
    }
  }

  window.addEventListener('hashchange', () => { current = route(); refresh(); });
  current = route();
  refresh();
  setInterval(refresh, POLL_MS);
})();

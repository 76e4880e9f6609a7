// The dashboard's calls to its JSON API (api/ next to this page). Every mutation carries X-Requested-By, which
// the server requires of every POST and DELETE (a cross-site form cannot send it).
'use strict';
const SidelineApi = (() => {
  const base = new URL('api/', window.location.origin + window.location.pathname.replace(/[^/]*$/, ''));

  async function call(method, path, params) {
    return (await send(method, path, params, {})).body;
  }

  // One request; a 304 (an If-None-Match that still holds) answers { body: null }.
  async function send(method, path, params, extraHeaders) {
    const url = new URL(path, base);
    Object.entries(params || {}).forEach(([k, v]) => {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
    });
    const headers = Object.assign({ 'Accept': 'application/json' }, extraHeaders);
    if (method !== 'GET') headers['X-Requested-By'] = 'sideline-dashboard';
    const response = await fetch(url, { method, headers, credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 304) return { body: null, etag: response.headers.get('ETag') };
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = { error: text }; }
    if (!response.ok) {
      const error = new Error((body && (body.reason || body.error)) || ('HTTP ' + response.status));
      error.status = response.status;
      throw error;
    }
    return { body, etag: response.headers.get('ETag') };
  }

  const seg = encodeURIComponent;
  return {
    runs: (state, cursor, callbacks) => call('GET', 'runs', { state, cursor, limit: 50, callbacks: callbacks ? 'true' : '' }),
    run: (id) => call('GET', 'runs/' + seg(id)),
    // the run unless it is the one tagged etag (then null: unchanged, nothing to download or draw)
    runIfChanged: (id, etag) => send('GET', 'runs/' + seg(id), {}, etag ? { 'If-None-Match': etag } : {}),
    cancel: (id) => call('POST', 'runs/' + seg(id) + '/cancel'),
    retry: (id) => call('POST', 'runs/' + seg(id) + '/retry'),
    jobs: (set, cursor) => call('GET', seg(set), { cursor, limit: 50 }),
    retryJob: (set, jid) => call('POST', seg(set) + '/' + seg(jid) + '/retry'),
    deleteJob: (set, jid) => call('DELETE', seg(set) + '/' + seg(jid)),
    queues: () => call('GET', 'queues'),
    pause: (name) => call('POST', 'queues/' + seg(name) + '/pause'),
    resume: (name) => call('POST', 'queues/' + seg(name) + '/resume'),
    workers: () => call('GET', 'workers'),
    stats: () => call('GET', 'stats'),
  };
})();

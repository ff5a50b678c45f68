// The pipeline page: polls /dashboard/api/overview and renders it with textContent only (no HTML
// from data), so a hostile article title cannot inject script.
(function () {
  'use strict';
  var POLL_MS = 2000;
  var readOnly = true;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function fmtMs(v) { return v === null || v === undefined ? '–' : v < 1000 ? v + ' ms' : (v / 1000).toFixed(1) + ' s'; }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }
  // A panel is rebuilt only when its data changed: rebuilding every poll would drop a click that
  // lands mid-rebuild (mouse down on the old row, up on the new one), a text selection or a hover.
  var shown = {};
  function changed(panel, data) {
    var key = JSON.stringify(data);
    if (shown[panel] === key) return false;
    shown[panel] = key;
    return true;
  }

  function renderStages(stages, health) {
    if (!changed('stages', [stages, health])) return;
    var box = document.getElementById('stages');
    box.replaceChildren();
    stages.forEach(function (s) {
      var h = health.find(function (x) { return x.stage === s.stage; }) || { ok: true };
      var rows = [
        ['waiting', s.waiting], ['active', s.active], ['delayed', s.delayed], ['completed', s.completed],
        ['failed', s.failed], ['per minute', s.throughputPerMin], ['p50', fmtMs(s.p50Ms)], ['p99', fmtMs(s.p99Ms)],
        ['workers', s.workers.length],
      ];
      var dl = el('dl');
      rows.forEach(function (r) {
        dl.appendChild(el('dt', { text: r[0] }));
        var dd = el('dd', { text: String(r[1]), 'data-field': r[0].replace(' ', '-'), className: r[0] === 'failed' && r[1] > 0 ? 'nonzero' : '' });
        dl.appendChild(dd);
      });
      var card = el('div', { className: 'stage' + (h.ok ? '' : ' stale'), 'data-stage': s.stage }, [el('h3', { text: s.stage + (s.paused ? ' (paused)' : '') }), dl]);
      if (!h.ok) card.appendChild(el('div', { className: 'problem', text: h.problem }));
      if (s.failed > 0) card.appendChild(el('a', { className: 'more', href: '/admin/queues/queue/' + encodeURIComponent(s.stage) + '?status=failed', text: 'all failed ' + s.stage + ' jobs →' }));
      if (s.workers.length) card.appendChild(el('div', { className: 'workers', text: s.workers.join(', ') }));
      box.appendChild(card);
    });
  }

  function post(url) {
    return fetch(url, { method: 'POST', headers: { 'x-requested-with': 'newsflow' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(b.error ? b.error.message : r.statusText); });
      return refresh();
    }).catch(function (e) { document.getElementById('status').textContent = 'action failed: ' + e.message; });
  }

  function renderFailed(items) {
    if (!changed('failed', [items, readOnly])) return;
    var tbody = document.querySelector('#failed tbody');
    tbody.replaceChildren();
    document.getElementById('failed-empty').hidden = items.length > 0;
    document.getElementById('retry-all').hidden = readOnly || items.length === 0;
    items.forEach(function (f) {
      var btn = null;
      if (!readOnly) {
        btn = el('button', { type: 'button', text: 'Retry' });
        btn.addEventListener('click', function () {
          post('/dashboard/api/failed/' + encodeURIComponent(f.stage) + '/' + encodeURIComponent(f.id) + '/retry');
        });
      }
      tbody.appendChild(el('tr', { 'data-job': f.id }, [
        el('td', { text: f.stage }), el('td', { text: f.id.slice(0, 12) }), el('td', { className: 'url', text: f.url || '', title: f.url || '' }),
        el('td', { className: 'reason', text: f.reason }), el('td', { text: String(f.attemptsMade) }), el('td', { text: fmtTime(f.failedAt) }),
        el('td', null, [btn]),
      ]));
    });
  }

  function renderArticles(items, stored) {
    if (!changed('articles', [items, stored])) return;
    var tbody = document.querySelector('#articles tbody');
    tbody.replaceChildren();
    document.getElementById('stored').textContent = stored === null ? '(no store configured)' : stored + ' stored';
    document.getElementById('articles-empty').hidden = !items || items.length > 0;
    (items || []).forEach(function (a) {
      var link = el('a', { href: '/dashboard/articles/' + encodeURIComponent(a.id), text: a.title });
      var ents = el('td', { className: 'entities' });
      a.topEntities.forEach(function (e) { ents.appendChild(el('span', { className: 'tag ' + (e.type || ''), text: e.name, title: e.type || '' })); });
      var marks = el('td');
      if (a.duplicateOf) marks.appendChild(el('span', { className: 'mark dup', text: 'duplicate of ' + a.duplicateOf.slice(0, 8) }));
      if (a.version > 1) marks.appendChild(el('span', { className: 'mark', text: 'v' + a.version }));
      if (a.clusterId) marks.appendChild(el('span', { className: 'mark', text: 'cluster ' + a.clusterId.slice(0, 8), title: a.clusterId }));
      tbody.appendChild(el('tr', { 'data-article': a.id }, [el('td', null, [link]), el('td', { text: a.site || '' }), ents, marks]));
    });
  }

  function renderStories(items) {
    if (!changed('stories', items)) return;
    var tbody = document.querySelector('#stories tbody');
    tbody.replaceChildren();
    document.getElementById('stories-empty').hidden = !items || items.length > 0;
    (items || []).forEach(function (s) {
      tbody.appendChild(el('tr', { 'data-story': s.id }, [
        el('td', { text: s.label || s.id, title: s.id }), el('td', { text: String(s.articles) }), el('td', { text: String(s.outlets) }),
        el('td', { text: String(s.clusters), title: 'independently written texts (copy clusters)' }), el('td', { text: fmtTime(s.firstSeen) }), el('td', { text: fmtTime(s.lastSeen) }),
      ]));
    });
  }

  function refresh() {
    return fetch('/dashboard/api/overview', { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (d) {
      readOnly = d.readOnly;
      renderStages(d.stages, d.health);
      renderFailed(d.failed);
      renderArticles(d.articles, d.storedArticles);
      renderStories(d.stories);
      document.getElementById('status').textContent = 'updated ' + fmtTime(d.generatedAt) + (d.readOnly ? ' · read-only' : '');
      document.body.setAttribute('data-loaded', 'true');
    }).catch(function (e) {
      document.getElementById('status').textContent = 'update failed: ' + e.message + ' (retrying)';
    });
  }

  document.getElementById('retry-all').addEventListener('click', function () { post('/dashboard/api/failed/retry'); });
  refresh();
  setInterval(refresh, POLL_MS);
})();

// The article page: body, entities, versions and processing trace of one stored article.
(function () {
  'use strict';
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function row(cells) { var tr = el('tr'); cells.forEach(function (c) { tr.appendChild(el('td', String(c))); }); return tr; }

  var id = decodeURIComponent(location.pathname.split('/').pop() || '');
  fetch('/dashboard/api/articles/' + encodeURIComponent(id), { credentials: 'same-origin' }).then(function (r) {
    return r.json().then(function (b) { if (!r.ok) throw new Error(b.error ? b.error.message : 'HTTP ' + r.status); return b; });
  }).then(function (d) {
    var a = d.article;
    document.title = 'newsflow · ' + (a.title || a.id);
    document.getElementById('title').textContent = a.title || '(untitled)';
    var meta = [a.siteName || a.source, (a.authors || []).join(', '), a.publishedAt, a.language, a.canonicalUrl || a.url].filter(Boolean);
    document.getElementById('meta').textContent = meta.join(' · ');
    var dd = a.dedupe || {};
    var marks = document.getElementById('marks');
    var dup = dd.duplicateOf || a.duplicateOf;
    if (dup) {
      var link = el('a', 'duplicate of ' + dup, 'mark dup');
      link.href = '/dashboard/articles/' + encodeURIComponent(dup);
      marks.appendChild(link);
    }
    marks.appendChild(el('span', 'version ' + (dd.version || a.version || 1), 'mark'));
    if (dd.clusterId || a.clusterId) marks.appendChild(el('span', 'cluster ' + (dd.clusterId || a.clusterId), 'mark'));

    var body = document.getElementById('body');
    var paras = a.paragraphs && a.paragraphs.length ? a.paragraphs : String(a.body || '').split(/\n{2,}/).map(function (t) { return { kind: 'p', text: t }; });
    paras.forEach(function (p) { body.appendChild(el(/^h[2-4]$/.test(p.kind) ? p.kind : p.kind === 'quote' ? 'blockquote' : 'p', p.text)); });

    var ents = document.querySelector('#entities tbody');
    (a.entities || []).slice().sort(function (x, y) { return (y.salience || 0) - (x.salience || 0); }).forEach(function (e) {
      ents.appendChild(row([e.name, e.type || '', e.count !== undefined ? e.count : (e.mentions || []).length, e.salience !== undefined ? e.salience.toFixed(2) : '']));
    });
    var vers = document.getElementById('versions');
    (d.versions || []).forEach(function (v) {
      var parts = ['v' + (v.version || '?'), v.createdAt, v.title, v.contentHash ? String(v.contentHash).slice(0, 12) : ''];
      var c = v.changes;
      if (c) {
        parts.push('+' + c.paragraphsAdded + ' / -' + c.paragraphsRemoved + ' paragraphs' + (c.titleChanged ? ', title changed' : ''));
        (c.correctionsAdded || []).forEach(function (t) { parts.push('correction: ' + t); });
      }
      vers.appendChild(el('li', parts.filter(Boolean).join(' · ')));
    });
    if (!(d.versions || []).length) vers.appendChild(el('li', 'only this version'));
    var trace = document.querySelector('#trace tbody');
    (a.trace || []).forEach(function (t) { trace.appendChild(row([t.stage, t.version, t.workerId, t.attempts, t.durationMs])); });
    document.getElementById('status').textContent = a.id;
    document.body.setAttribute('data-loaded', 'true');
  }).catch(function (e) {
    document.getElementById('status').textContent = 'cannot load article: ' + e.message;
  });
})();

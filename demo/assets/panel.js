// The demo's live mqlite panel: score, grade, stage, journey and per-rule explanation, read from the
// tracker (state() / explain()) and refreshed on each mqlite:transition and while open. Every value
// is written with textContent: nothing from the tracker or the page is ever parsed as HTML.
(function () {
  'use strict';
  var OPEN_KEY = 'northwind-demo-panel-open';
  var toggle, panel, body, timer;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function tracker() {
    var t = window.mqlite;
    return t && typeof t.state === 'function' ? t : null;
  }

  function num(n) { return typeof n === 'number' && isFinite(n) ? (Math.round(n * 10) / 10).toString() : '–'; }
  function time(ms) { return typeof ms === 'number' ? new Date(ms).toLocaleTimeString() : ''; }

  function build() {
    toggle = el('button', 'mq-toggle');
    toggle.type = 'button';
    toggle.setAttribute('aria-controls', 'mq-panel');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.append(el('span', 'mq-dot'), el('span', 'mq-label', 'mqlite'));
    panel = el('aside', 'mq-panel');
    panel.id = 'mq-panel';
    panel.hidden = true;
    panel.setAttribute('aria-label', 'mqlite live panel');
    panel.append(el('h2', null, 'mqlite · scored in your browser'));
    body = el('div', 'mq-body');
    panel.append(body);
    toggle.addEventListener('click', function () { setOpen(panel.hidden); });
    document.body.append(panel, toggle);
    setOpen(readOpen());
  }

  function readOpen() {
    try { return sessionStorage.getItem(OPEN_KEY) === '1'; } catch (e) { return false; }
  }

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    try { sessionStorage.setItem(OPEN_KEY, open ? '1' : '0'); } catch (e) { /* storage blocked */ }
    clearInterval(timer);
    if (open) timer = setInterval(render, 1000);
    render();
  }

  function render() {
    var t = tracker();
    toggle.classList.toggle('ready', !!t);
    var state;
    try { state = t ? t.state() : null; } catch (e) { state = null; }
    var label = toggle.querySelector('.mq-label');
    label.textContent = state ? 'mqlite · ' + state.stage + ' · ' + num(score(state).total) : 'mqlite · loading…';
    if (panel.hidden) return;
    body.textContent = '';
    if (!state) {
      body.append(el('p', 'mq-status', t ? 'No state yet.' : 'Waiting for the tracker (or it could not start: see the console).'));
      return;
    }
    var explain;
    try { explain = typeof t.explain === 'function' ? t.explain() : state.explain; } catch (e) { explain = state.explain; }
    renderScores(state);
    renderExplain(explain || state.explain || {});
    renderJourney(state.journey || {});
    renderTransitions(state.transitions || []);
  }

  function score(state) { return state.score || {}; }

  function renderScores(state) {
    var s = score(state);
    var grid = el('div', 'mq-scores');
    [['Engagement', num(s.engagement)], ['Fit', num(s.fit)], ['Total', num(s.total)],
     ['Grade', s.grade || state.grade || '–']].forEach(function (pair) {
      var cell = el('div');
      cell.append(el('b', null, pair[1]), el('span', null, pair[0]));
      grid.append(cell);
    });
    var stage = el('p');
    stage.append('Stage ', el('span', 'stage stage-' + String(state.stage).toLowerCase(), state.stage));
    body.append(stage, grid);
  }

  function renderExplain(explain) {
    var rows = [];
    (explain.engagement || []).forEach(function (r) {
      rows.push([r.rule + ' (' + r.awards + '×)', num(r.points)]);
    });
    (explain.fit || []).forEach(function (r) { rows.push(['fit: ' + r.rule, num(r.points)]); });
    body.append(el('h3', null, 'Why this score'));
    body.append(rows.length ? table(rows) : el('p', 'mq-status', 'No rule has matched yet: browse on.'));
  }

  function renderJourney(j) {
    body.append(el('h3', null, 'Journey'));
    var rows = [['Sessions', j.sessions], ['Page views', j.pageViews]];
    if (j.firstTouch) rows.push(['First touch', j.firstTouch.source + ' / ' + j.firstTouch.medium]);
    if (j.lastTouch) rows.push(['Last touch', j.lastTouch.source + ' / ' + j.lastTouch.medium]);
    (j.phases || []).forEach(function (p) { rows.push(['Phase: ' + p.name, time(p.at)]); });
    body.append(table(rows));
  }

  function renderTransitions(list) {
    if (!list.length) return;
    body.append(el('h3', null, 'Transitions'));
    body.append(table(list.map(function (t) { return [t.from + ' → ' + t.to, time(t.at)]; })));
  }

  function table(rows) {
    var tableEl = el('table');
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.append(el('td', null, r[0]), el('td', null, r[1] === undefined ? '–' : r[1]));
      tableEl.append(tr);
    });
    return tableEl;
  }

  build();
  window.addEventListener('mqlite:ready', render);
  window.addEventListener('mqlite:transition', render);
  // The tag may have become ready before this script ran; a few early checks catch that quietly.
  [200, 1000, 3000].forEach(function (ms) { setTimeout(render, ms); });
})();

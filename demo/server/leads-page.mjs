// The collector's lead list: one card per anonymousId with stage, score, grade, journey and
// transition times. Every value that came from the network is escaped before it reaches HTML.
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (n) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(1) : '–');
const when = (ms) => (typeof ms === 'number' ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '–');

export function renderLeadsPage(leads, { demoUrl = '/' } = {}) {
  const cards = leads.length ? leads.map(renderLead).join('\n') : '<p class="empty">No lead yet. Browse the ' +
    `<a href="${escapeHtml(demoUrl)}">demo site</a> and submit a form: anonymous browsing sends nothing.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/site.css">
<title>Received leads · mqlite collector</title></head>
<body class="collector"><header class="site-header"><div class="wrap">
<a class="brand" href="${escapeHtml(demoUrl)}">mqlite<span>demo</span></a>
<nav><a href="/leads">Leads</a><a href="/report">Funnel report</a><a href="/leads.json">JSON</a></nav></div></header>
<main class="wrap"><h1>Received leads</h1>
<p class="lede">What the local collector received, newest first: ${leads.length} lead(s). Reload to refresh.</p>
${cards}
</main></body></html>`;
}

function renderLead(lead) {
  const s = lead.score || {};
  const j = lead.journey || {};
  return `<article class="lead card">
<h2>${escapeHtml(lead.traits.email || lead.traits.name || lead.anonymousId)}
 <span class="stage stage-${escapeHtml(String(lead.stage).toLowerCase())}">${escapeHtml(lead.stage)}</span></h2>
<p class="muted">anonymousId ${escapeHtml(lead.anonymousId)} · ${lead.messages} message(s) · last ${escapeHtml(lead.lastSeen)}</p>
<dl class="facts">
<dt>Engagement</dt><dd>${fmt(s.engagement)}</dd><dt>Fit</dt><dd>${fmt(s.fit)}</dd>
<dt>Total</dt><dd>${fmt(s.total)}</dd><dt>Grade</dt><dd>${escapeHtml(s.grade ?? '–')}</dd>
<dt>Sessions</dt><dd>${escapeHtml(j.sessions ?? '–')}</dd><dt>Page views</dt><dd>${escapeHtml(j.pageViews ?? '–')}</dd>
</dl>
${renderTraits(lead.traits)}${renderTouches(j)}${renderPhases(j.phases)}${renderTransitions(lead.transitions)}
</article>`;
}

function renderTraits(traits) {
  const rows = Object.entries(traits).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  return rows.length ? `<h3>Traits</h3><table>${rows.join('')}</table>` : '';
}

function renderTouches(j) {
  const touch = (label, t) => (t ? `<tr><th>${label}</th><td>${escapeHtml(t.source)} / ${escapeHtml(t.medium)}` +
    `${t.campaign ? ' · ' + escapeHtml(t.campaign) : ''}</td><td>${escapeHtml(t.landingPage)}</td><td>${when(t.ts)}</td></tr>` : '');
  const rows = touch('First touch', j.firstTouch) + touch('Last touch', j.lastTouch);
  return rows ? `<h3>Touches</h3><table>${rows}</table>` : '';
}

function renderPhases(phases) {
  if (!Array.isArray(phases) || !phases.length) return '';
  return `<h3>Journey phases</h3><ol class="phases">${phases.map((p) =>
    `<li>${escapeHtml(p.name)} <span class="muted">${when(p.at)}</span></li>`).join('')}</ol>`;
}

function renderTransitions(transitions) {
  if (!Array.isArray(transitions) || !transitions.length) return '';
  return `<h3>Transitions</h3><table>${transitions.map((t) =>
    `<tr><td>${escapeHtml(t.from)} → ${escapeHtml(t.to)}</td><td>${when(t.at)}</td></tr>`).join('')}</table>`;
}

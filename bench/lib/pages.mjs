// The bench pages: one ordinary content page, with exactly one tracker (or none, the baseline) loaded
// the way each vendor documents it, and a page with both mqlite and Segment on a lead form. Each page
// sets window.__ready (performance.now()) when its tracker is ready to take calls.
const STYLE = 'body{font:16px/1.5 system-ui;max-width:42rem;margin:2rem auto}';
const TEXT = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1}: lead scoring keeps the visitor's score on their own device until they choose to identify.</p>`).join('\n');

function page(title, head, body = '') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<link rel="icon" href="data:,"><style>${STYLE}</style>${head}</head>
<body><h1>${title}</h1>${TEXT}${body}</body></html>`;
}

const MQLITE_TAG = '<script async src="/tag/mqlite.js" data-endpoint="/collect" data-model="/model.json"></script>';
const MQLITE_READY = "<script>addEventListener('mqlite:ready',function(){window.__ready=performance.now()});</script>";

// mqlite's tag injected after the load event: nothing of it competes with the page's own load.
const MQLITE_LAZY = `<script>addEventListener('load',function(){var s=document.createElement('script');
s.src='/tag/mqlite.js';s.setAttribute('data-endpoint','/collect');s.setAttribute('data-model','/model.json');
document.head.appendChild(s)});</script>`;

// Snowplow's documented tracker (UMD build of @snowplow/browser-tracker), posting to this server.
const SNOWPLOW = `<script>function __spStart(){var sp=window.snowplowBrowserTracking;
sp.newTracker('sp',location.origin,{appId:'bench',eventMethod:'post',bufferSize:1});
sp.trackPageView();window.__ready=performance.now()}</script>
<script async src="/snowplow.js" onload="__spStart()"></script>`;

// Segment's standalone build with the snippet's buffered API; cdnSettings given inline so no
// settings fetch, the Segment.io destination and its lazy chunks pointed at this server.
const SEGMENT = `<script>!function(){var a=window.analytics=[];
['identify','track','page','ready','reset'].forEach(function(m){a[m]=function(){var x=[].slice.call(arguments);x.unshift(m);a.push(x);return a}});
a._writeKey='benchWriteKey';a._cdn=location.origin+'/segment';
a._loadOptions={cdnSettings:{integrations:{'Segment.io':{apiKey:'benchWriteKey',apiHost:location.host+'/v1',protocol:'http'}},
metrics:{sampleRate:0,host:location.host+'/v1'}}};
a.page();a.ready(function(){window.__ready=performance.now()});}();</script>
<script async src="/segment/standalone.js"></script>`;

export const STARTUP_VARIANTS = {
  none: { head: "<script>addEventListener('load',function(){window.__ready=performance.now()});</script>", main: null },
  mqlite: { head: MQLITE_READY + MQLITE_TAG, main: '/tag/mqlite.js' },
  'mqlite-lazy': { head: MQLITE_READY + MQLITE_LAZY, main: '/tag/mqlite.js' },
  snowplow: { head: SNOWPLOW, main: '/snowplow.js' },
  segment: { head: SEGMENT, main: '/segment/standalone.js' },
};

// A lead form: on submit both trackers identify, and the form navigates away at once.
const FORM = `<form id="lead" action="/thanks.html" method="get">
<label>E-mail <input type="email" name="email" id="email"></label>
<button id="send">Send</button></form>
<script>document.getElementById('lead').addEventListener('submit',function(){
var email=document.getElementById('email').value;
window.analytics.identify(email,{email:email});
});</script>`;

export function benchPages() {
  const pages = new Map();
  for (const [name, v] of Object.entries(STARTUP_VARIANTS)) pages.set(`/start-${name}.html`, page(`Start-up: ${name}`, v.head));
  const bothReady = `<script>var __n=0;function __one(){if(++__n===2)window.__ready=performance.now()}
addEventListener('mqlite:ready',__one);</script>`;
  const segmentBoth = SEGMENT.replace('a.ready(function(){window.__ready=performance.now()})', 'a.ready(function(){__one()})');
  pages.set('/form.html', page('Delivery: lead form', bothReady + MQLITE_TAG + segmentBoth, FORM));
  pages.set('/thanks.html', page('Thanks', ''));
  pages.set('/api.html', page('Per-event cost', MQLITE_READY + MQLITE_TAG));
  return pages;
}

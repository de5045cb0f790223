// Automatic events (SPEC §1, §7): page views (with SPA pushState/popstate, consecutive same URL
// once), outbound link clicks, downloads, scroll depth, engaged time and form submits. Every
// listener is guarded by the caller's `record`, which never throws.
import { eventsForSubmit } from './forms.js';
import { createCleanups } from './errors.js';

export const SCROLL_DEPTHS = [25, 50, 75, 100];
export const ENGAGED_SECONDS = [15, 30, 60, 120, 300];
// A link to one of these file types is a download.
const DOWNLOAD_PATH =
  /\.(pdf|zip|docx?|xlsx?|pptx?|csv|txt|rtf|od[tsp]|epub|mp4|mov|avi|webm|mp3|wav|dmg|exe|msi|pkg|deb|rpm|apk|t?gz|rar|7z|tar|iso|key|numbers|pages)$/i;
const TICK_MS = 1000;

const withoutHash = (href) => String(href).split('#')[0];

// The event a click on `anchor` makes: download, outbound click, or null (same-site navigation).
export function linkEvent(anchor, pageHref) {
  const href = anchor?.href;
  if (!href || typeof href !== 'string') return null;
  let url;
  try {
    url = new URL(href, pageHref);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (anchor.hasAttribute?.('download') || DOWNLOAD_PATH.test(url.pathname)) {
    return { type: 'download', props: { href: url.href } };
  }
  const page = new URL(pageHref);
  if (url.host !== page.host) return { type: 'click', props: { href: url.href } };
  return null;
}

export function scrollDepth(doc, win) {
  const root = doc.documentElement ?? {};
  const height = Math.max(root.scrollHeight ?? 0, doc.body?.scrollHeight ?? 0);
  if (!height) return 0;
  const bottom = (win.scrollY ?? win.pageYOffset ?? 0) + (win.innerHeight ?? 0);
  return Math.min(100, (bottom / height) * 100);
}

/**
 * Starts the listeners. `record(event)` receives events without `ts` (the tracker stamps them,
 * and the page's url where an event has none);
 * `safe(fn, what)` wraps a function so it never throws.
 * Returns {pageView(props), stop()}.
 */
export function startAutotrack({ win, doc, clock, record, spa, safe }) {
  // Every listener is guarded: nothing may throw into the host page.
  const { listen, onStop, stop } = createCleanups(safe);
  let lastUrl = null;
  let depthsSent = new Set();
  let secondsSent = new Set();
  let engagedMs = 0;

  function pageView(props, referrer, url = win.location.href) {
    lastUrl = withoutHash(url);
    depthsSent = new Set();
    secondsSent = new Set();
    engagedMs = 0;
    const event = { type: 'page_view', url, title: doc.title ?? '', referrer: referrer ?? doc.referrer ?? '' };
    if (props && typeof props === 'object') event.props = props;
    return record(event);
  }

  // SPA: a URL change via pushState / popstate is a page view, the same URL twice in a row once.
  function onUrlMaybeChanged() {
    const current = withoutHash(win.location.href);
    if (current === lastUrl) return;
    const previous = lastUrl;
    const url = win.location.href;
    lastUrl = current;
    // Let the app set its title first.
    clock.setTimeout(safe(() => pageView(undefined, previous ?? '', url), 'page view'), 0);
  }

  if (spa && win.history) {
    const original = win.history.pushState;
    if (typeof original === 'function') {
      const patched = function pushState(...args) {
        const result = original.apply(this, args);
        try {
          onUrlMaybeChanged();
        } catch {
          /* never break the app's navigation */
        }
        return result;
      };
      win.history.pushState = patched;
      onStop(() => {
        if (win.history.pushState === patched) win.history.pushState = original;
      });
    }
    listen(win, 'popstate', () => onUrlMaybeChanged());
  }

  listen(doc, 'click', (event) => {
    const anchor = event.target?.closest?.('a[href]');
    const linked = anchor && linkEvent(anchor, win.location.href);
    if (linked) record(linked);
  }, true);

  listen(doc, 'submit', (event) => {
    for (const e of eventsForSubmit(event.target)) record(e);
  }, true);

  listen(win, 'scroll', () => {
    const depth = scrollDepth(doc, win);
    for (const d of SCROLL_DEPTHS) {
      if (depth >= d && !depthsSent.has(d)) {
        depthsSent.add(d);
        record({ type: 'scroll', props: { depth: d } });
      }
    }
  }, { passive: true });

  // Engaged time: counted in 1 s ticks while the page is visible and focused.
  const engaged = () => doc.visibilityState !== 'hidden' && (typeof doc.hasFocus !== 'function' || doc.hasFocus());
  let tick = null;
  const onTick = safe(() => {
    tick = clock.setTimeout(onTick, TICK_MS);
    if (!engaged()) return;
    engagedMs += TICK_MS;
    for (const s of ENGAGED_SECONDS) {
      if (engagedMs >= s * 1000 && !secondsSent.has(s)) {
        secondsSent.add(s);
        record({ type: 'engaged_time', props: { seconds: s } });
      }
    }
  }, 'engaged time');
  tick = clock.setTimeout(onTick, TICK_MS);
  onStop(() => clock.clearTimeout(tick));

  return { pageView: (props) => pageView(props), stop };
}

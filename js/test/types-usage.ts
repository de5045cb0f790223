// Compiled with `tsc --noEmit` against the installed package (package.test.mjs): the declarations
// must describe the real API through the exports map.
import { createTracker, MqliteError, type Tracker, type Transition } from 'mqlite';
import { createEngine, validateModel, type Report } from 'mqlite/engine';

async function browser(): Promise<Tracker> {
  const tracker = await createTracker({ endpoint: 'https://crm.example.com/leads', model: '/mqlite/model.json', consent: 'required', format: 'segment' });
  const off: () => void = tracker.on('transition', (t: Transition) => console.log(t.from, t.to, t.at));
  off();
  tracker.track('webinar', { attended: true });
  tracker.identify({ email: 'ana@corp.com' });
  tracker.setStage('SAL');
  tracker.setConsent(true);
  const pending: number | undefined = (await tracker.flush())?.pending;
  const stage = tracker.state()?.stage;
  window.addEventListener('mqlite:transition', (e) => console.log(e.detail.to, e.detail.anonymousId));
  console.log(pending, stage);
  return tracker;
}

async function node(): Promise<Report> {
  const problems = await validateModel({ version: 1 });
  problems.forEach((p) => console.log(p.pointer, p.message));
  try {
    const engine = await createEngine('{"version":1}');
    const result = engine.ingest({ type: 'page_view', ts: 0, url: '/pricing' });
    if (!result.ok) console.log(result.error);
    return engine.state(Date.now(), { events: true });
  } catch (error) {
    if (error instanceof MqliteError) console.log(error.problems?.length);
    throw error;
  }
}

// @ts-expect-error: an unknown format is a type error
createTracker({ endpoint: 'x', model: {}, format: 'csv' });

export { browser, node };

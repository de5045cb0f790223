// The messages of SPEC §6, in the `mqlite` format and as Segment-spec identify / track objects.
// Built from the core's report: JS copies facts, it decides nothing.
import { VERSION } from './version.js';

export const LIBRARY = { name: 'mqlite', version: VERSION };
export const SEGMENT_TRACK_EVENT = 'Lifecycle Stage Changed';

const iso = (ms) => new Date(ms).toISOString();

// What may leave the page about a URL: no fragment, no query parameter but utm_* (SPEC §7).
export function sanitizeUrl(text, base) {
  if (!text) return text ?? '';
  try {
    const url = new URL(text, base);
    const keep = [...url.searchParams].filter(([name]) => name.startsWith('utm_'));
    url.search = new URLSearchParams(keep).toString();
    url.hash = '';
    return url.href;
  } catch {
    return '';
  }
}

export function pageContext(page) {
  const url = sanitizeUrl(page?.url);
  let path = '';
  try {
    path = url ? new URL(url).pathname : '';
  } catch {
    path = '';
  }
  return { url, path, title: page?.title ?? '', referrer: sanitizeUrl(page?.referrer) };
}

// The shared facts: stage, score (with grade), transitions, explain, journey (with events), model.
function facts(report, model) {
  const { engagement, fit, total } = report.score;
  return {
    transitions: report.transitions,
    stage: report.stage,
    score: { engagement, fit, total, grade: report.grade ?? null },
    explain: report.explain,
    journey: {
      sessions: report.journey.sessions,
      pageViews: report.journey.pageViews,
      firstTouch: report.journey.firstTouch ?? null,
      lastTouch: report.journey.lastTouch ?? null,
      phases: report.journey.phases,
      events: report.journey.events ?? [],
    },
    model: { id: model.id, version: model.version },
  };
}

/**
 * One message. input: {kind: 'identify'|'transition', messageId, anonymousId, eventTs, traits?,
 * transition?, report (with journey.events), model {id, version}, page {url, title, referrer}}.
 * `sentAt` is filled at each send attempt (withSentAt).
 */
export function buildMessage(format, input) {
  const base = {
    type: input.kind,
    messageId: input.messageId,
    anonymousId: input.anonymousId,
    timestamp: iso(input.eventTs),
    sentAt: null,
  };
  const f = facts(input.report, input.model);
  const context = { library: { ...LIBRARY }, page: pageContext(input.page) };
  if (format === 'segment') return segmentMessage(base, input, f, context);
  const message = { ...base };
  if (input.kind === 'identify') message.traits = { ...input.traits };
  else message.transition = { ...input.transition };
  return Object.assign(message, f, { context });
}

function flatScore(f) {
  return {
    lifecycleStage: f.stage,
    leadScore: f.score.total,
    engagementScore: f.score.engagement,
    fitScore: f.score.fit,
    leadGrade: f.score.grade,
  };
}

// Segment: identify carries the traits plus flat score traits; track "Lifecycle Stage Changed"
// carries the transition. Both carry every fact under context.mqlite.
function segmentMessage(base, input, f, context) {
  const message = { ...base };
  const userId = input.traits?.userId;
  if (typeof userId === 'string' && userId !== '') message.userId = userId;
  if (input.kind === 'identify') {
    message.traits = { ...input.traits, ...flatScore(f) };
  } else {
    message.type = 'track';
    message.event = SEGMENT_TRACK_EVENT;
    message.properties = {
      from: input.transition.from,
      to: input.transition.to,
      at: iso(input.transition.at),
      ...flatScore(f),
    };
  }
  message.context = { ...context, mqlite: f };
  return message;
}

export function withSentAt(message, now) {
  return { ...message, sentAt: iso(now) };
}

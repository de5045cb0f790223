// The collector's message store: de-duplicates by messageId and appends each new message to a JSONL
// file, one `{"receivedAt", "message"}` object per line. The file is re-read at start so de-dup holds
// across restarts (delivery is at least once: the same message may arrive many times).
import fs from 'node:fs';
import path from 'node:path';

export class MessageStore {
  constructor(file) {
    this.file = file;
    this.records = [];
    this.seen = new Set();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.#load();
  }

  #load() {
    if (!fs.existsSync(this.file)) return;
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const record = JSON.parse(line);
        this.records.push(record);
        this.seen.add(record.message.messageId);
      } catch {
        console.warn(`collector: ${this.file}:${i + 1}: skipping a line that is not JSON`);
      }
    });
  }

  // Returns true when the message was new (and stored), false for a duplicate.
  add(message) {
    if (this.seen.has(message.messageId)) return false;
    const record = { receivedAt: new Date().toISOString(), message };
    fs.appendFileSync(this.file, JSON.stringify(record) + '\n');
    this.records.push(record);
    this.seen.add(message.messageId);
    return true;
  }

  messages() {
    return this.records.map((r) => r.message);
  }

  // One entry per anonymousId, built from its messages in arrival order.
  leads() {
    const byId = new Map();
    for (const { receivedAt, message } of this.records) {
      const id = message.anonymousId || message.userId || '(unknown)';
      const lead = byId.get(id) || { anonymousId: id, messages: 0, traits: {}, firstSeen: receivedAt };
      byId.set(id, Object.assign(lead, summarize(message, lead), { lastSeen: receivedAt }));
    }
    return [...byId.values()].sort((a, b) => String(b.lastSeen).localeCompare(String(a.lastSeen)));
  }
}

// What a message says about its lead, in either wire format (SPEC §6: mqlite or segment).
function summarize(m, lead) {
  const facts = m.type === 'identify' || m.type === 'transition' ? m : fromSegment(m);
  return {
    messages: lead.messages + 1,
    traits: { ...lead.traits, ...(facts.traits || {}) },
    stage: facts.stage ?? lead.stage,
    score: facts.score ?? lead.score,
    journey: facts.journey ?? lead.journey,
    transitions: facts.transitions ?? lead.transitions ?? [],
    format: facts === m ? 'mqlite' : 'segment',
  };
}

// Segment identify/track: mqlite's facts ride in context.mqlite; flat traits/properties as fallback.
function fromSegment(m) {
  const bag = m.type === 'identify' ? m.traits || {} : m.properties || {};
  const facts = m.context?.mqlite || {};
  return {
    traits: m.type === 'identify' ? pickTraits(bag) : {},
    stage: facts.stage ?? bag.lifecycleStage ?? bag.to,
    score: facts.score ?? (bag.leadScore !== undefined ? { engagement: bag.engagementScore, fit: bag.fitScore,
      total: bag.leadScore, grade: bag.leadGrade } : undefined),
    journey: facts.journey,
    transitions: facts.transitions,
  };
}

function pickTraits(bag) {
  const out = {};
  for (const [k, v] of Object.entries(bag)) if (typeof v !== 'object' || v === null) out[k] = v;
  return out;
}

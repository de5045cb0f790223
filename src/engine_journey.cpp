// The journey (SPEC §4): sessions, touches, page views, phases and the recent events.
#include <cstdint>

#include "engine_internal.hpp"
#include "text.hpp"

namespace mqlite {

namespace {

// keptText into `kept`, which is empty or, from keepText, to be overwritten.
void assignKept(std::string& kept, std::string_view text, size_t maxBytes) {
  if (text.size() <= maxBytes) {  // short ASCII (types, paths, titles): kept as it is
    size_t i = 0;
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
    if (i == text.size()) {
      kept.assign(text.data(), text.size());
      return;
    }
  }
  // Made valid by the one rewriting loop (text::validUtf8), then cut at the last character
  // boundary within `maxBytes`: in valid UTF-8, a byte that is not a continuation byte.
  const std::string valid = text::validUtf8(text);
  size_t cut = valid.size();
  if (cut > maxBytes)
    for (cut = maxBytes; (static_cast<unsigned char>(valid[cut]) & 0xC0) == 0x80;) --cut;
  kept.assign(valid.data(), cut);
}

std::string_view withoutWww(std::string_view host) {
  return host.substr(0, 4) == "www." ? host.substr(4) : host;
}

// The search engine a host belongs to: a label naming the engine followed only by one or two
// short public-suffix labels (google.com, www.google.co.uk, search.yahoo.com, yandex.ru).
const char* searchEngine(std::string_view host) {
  static const char* const kEngines[] = {
      "google", "bing",  "duckduckgo", "yahoo", "baidu",   "yandex", "ecosia",
      "ask",    "naver", "seznam",     "qwant", "startpage", "brave"};
  // The last three labels, last first (fewer when the host has fewer).
  std::string_view last[3];
  size_t count = 0;
  for (std::string_view rest = host; count < 3;) {
    const size_t dot = rest.rfind('.');
    last[count++] = rest.substr(dot == std::string_view::npos ? 0 : dot + 1);
    if (dot == std::string_view::npos) break;
    rest = rest.substr(0, dot);
  }
  // The engine's label with two suffix labels after it, then with one.
  for (size_t k = 2; k >= 1; --k) {
    if (k >= count) continue;
    bool suffixShort = true;
    for (size_t i = 0; i < k; ++i) suffixShort = suffixShort && !last[i].empty() && last[i].size() <= 3;
    if (!suffixShort) continue;
    for (const char* engine : kEngines)
      if (last[k] == engine) return engine;
  }
  return nullptr;
}

// The page's utm_campaign into `kept` (empty): an empty one counts as none.
void readCampaign(const EventView& view, std::optional<std::string>& kept) {
  const std::string* campaign = view.url.param("utm_campaign");
  if (campaign && !campaign->empty()) keepText(kept.emplace(), *campaign);
}

// The touch of a page view with its `campaign` (readCampaign), written into `touch` (a fresh one).
void readTouch(const EventView& view, const std::optional<std::string>& campaign, Touch& touch) {
  const Event& event = view.event;
  const std::string_view referrer = event.referrer ? std::string_view(*event.referrer) : std::string_view();
  const Url referrerUrl = parseUrl(referrer);
  const auto [source, medium] = touchSource(view.url, referrerUrl);
  keepText(touch.source, source);
  keepText(touch.medium, medium);
  // The touch is fresh: the campaign is emplaced, with no assign-or-construct code.
  if (campaign) touch.campaign.emplace(*campaign);
  if (!referrer.empty()) keepText(touch.referrer.emplace(), sanitizeUrl(referrer));
  if (event.url && !event.url->empty()) keepText(touch.landingPage.emplace(), sanitizeUrl(*event.url));
  touch.ts = event.ts;
}

// Whether this visitor event begins a new session (SPEC §4), given the journey so far.
bool startsSession(const Model& model, const Journey& journey, const EventView& view,
                   const std::optional<std::string>& campaign) {
  if (journey.sessions == 0 || !journey.latestTs) return true;
  if (view.event.ts - *journey.latestTs > model.sessionTimeoutMinutes * 60000.0) return true;
  return view.event.type == "page_view" && campaign && campaign != journey.sessionCampaign;
}

void recordPhase(const Model& model, Journey& journey, const EventView& view) {
  for (const Phase& phase : model.phases) {
    if (!matches(phase.match, view)) continue;
    for (const ReachedPhase& reached : journey.phases)
      if (reached.name == phase.name) return;
    journey.phases.push_back({phase.name, view.event.ts});
    return;
  }
}

void recordRecent(Journey& journey, const EventView& view) {
  // Written in place: into the next free slot, or over the oldest once all are used.
  const bool full = journey.recentCount == kRecentEvents;
  RecentEvent& recent = journey.recent[full ? journey.recentOldest : journey.recentCount++];
  if (full) journey.recentOldest = (journey.recentOldest + 1) % kRecentEvents;
  keepText(recent.type, view.event.type);
  recent.ts = view.event.ts;
  recent.path.reset();
  recent.title.reset();
  if (view.event.url) keepText(recent.path.emplace(), view.url.path);
  if (view.event.title) keepText(recent.title.emplace(), *view.event.title);
}

}  // namespace

std::string keptText(std::string_view text, size_t maxBytes) {
  std::string kept;
  assignKept(kept, text, maxBytes);
  return kept;
}

void keepText(std::string& out, std::string_view text) { assignKept(out, text, kMaxKeptText); }

std::pair<std::string_view, std::string_view> touchSource(const Url& page, const Url& referrer) {
  // An empty utm parameter (`?utm_source=`) counts as absent.
  auto nonEmpty = [&](const char* name) {
    const std::string* value = page.param(name);
    return value && !value->empty() ? value : nullptr;
  };
  const std::string* utmSource = nonEmpty("utm_source");
  const std::string* utmMedium = nonEmpty("utm_medium");
  if (utmSource || utmMedium)
    return {utmSource ? std::string_view(*utmSource) : "(not set)",
            utmMedium ? std::string_view(*utmMedium) : "(not set)"};
  if (referrer.absolute && !referrer.host.empty()) {
    // Hosts from parseUrl are lowercase already.
    const std::string_view host = withoutWww(referrer.host);
    bool selfReferral = page.absolute && host == withoutWww(page.host);
    if (!selfReferral) {
      if (const char* engine = searchEngine(referrer.host)) return {engine, "organic"};
      return {host, "referral"};
    }
  }
  return {"(direct)", "(none)"};
}

void recordVisit(const Model& model, Journey& journey, const EventView& view) {
  const Event& event = view.event;
  bool pageView = event.type == "page_view";
  std::optional<std::string> campaign;
  if (pageView) readCampaign(view, campaign);  // read in place: no optional moved in
  if (startsSession(model, journey, view, campaign)) {
    ++journey.sessions;
    journey.sessionCampaign.reset();  // then constructed: no assign-or-construct code
    if (campaign) journey.sessionCampaign.emplace(*campaign);
    journey.sessionHasPageView = false;
  }
  if (!journey.latestTs || event.ts > *journey.latestTs) journey.latestTs = event.ts;
  if (pageView) {
    ++journey.pageViews;
    if (!journey.sessionHasPageView) {
      journey.sessionHasPageView = true;
      // Built in place as the last touch, and read again as the first one (once per visitor: no
      // Touch copy code).
      readTouch(view, campaign, journey.lastTouch.emplace());
      if (!journey.firstTouch) readTouch(view, campaign, journey.firstTouch.emplace());
    }
    recordPhase(model, journey, view);
  }
  recordRecent(journey, view);
}

}  // namespace mqlite

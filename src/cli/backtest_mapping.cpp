// `mqlite backtest` input: a CSV of leads and the mapping that turns each row into a journey.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "backtest.hpp"
#include "csv.hpp"
#include "args.hpp"

namespace mqlite::cli {
namespace {

// Every synthetic journey starts here; events follow one minute apart (one session, no decay
// worth speaking of unless the model's half-life is minutes).
const double kJourneyStart = 1704067200000.0;  // 2024-01-01T00:00:00Z
const double kEventGap = 60000.0;

class MappingReader {
 public:
  explicit MappingReader(std::vector<std::string>& problems) : problems_(problems) {}

  std::optional<CsvMapping> read(const json& j) {
    if (!j.is_object()) return fail("/", "must be an object"), std::nullopt;
    CsvMapping m;
    for (const auto& item : j.items()) {
      const std::string& key = item.key();
      const json& value = item.value();
      std::string at = "/" + key;
      if (key == "id") text(value, at, m.idColumn);
      else if (key == "converted") outcome(value, at, m);
      else if (key == "blank") texts(value, at, m.blank);
      else if (key == "traits") pairs(value, at, m.traits);
      else if (key == "excluded") pairs(value, at, m.excluded);
      else if (key == "events") events(value, at, m.events);
      else if (key != "comment") fail(at, "unknown key (expected id, converted, blank, traits, events, excluded, comment)");
    }
    if (m.idColumn.empty()) fail("/id", "required: the column holding each lead's id");
    if (m.outcomeColumn.empty()) fail("/converted", "required: {\"column\": …} holding the outcome");
    return problems_.empty() ? std::optional<CsvMapping>(m) : std::nullopt;
  }

 private:
  void fail(const std::string& at, const std::string& what) { problems_.push_back(at + ": " + what); }

  void text(const json& v, const std::string& at, std::string& out) {
    if (v.is_string() && !v.get<std::string>().empty()) out = v.get<std::string>();
    else fail(at, "must be a non-empty string");
  }

  void texts(const json& v, const std::string& at, std::vector<std::string>& out) {
    if (!v.is_array()) return fail(at, "must be an array of strings");
    out.clear();
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i].is_string()) out.push_back(v[i].get<std::string>());
      else fail(at + "/" + std::to_string(i), "must be a string");
  }

  // {"name": "text", …} in file order.
  void pairs(const json& v, const std::string& at, std::vector<std::pair<std::string, std::string>>& out) {
    if (!v.is_object()) return fail(at, "must be an object of strings");
    for (const auto& item : v.items()) {
      const std::string& key = item.key();
      const json& value = item.value();
      std::string column;
      text(value, at + "/" + key, column);
      out.emplace_back(key, column);
    }
  }

  void outcome(const json& v, const std::string& at, CsvMapping& m) {
    if (!v.is_object()) return fail(at, "must be {\"column\", \"yes\"?, \"no\"?}");
    for (const auto& item : v.items()) {
      const std::string& key = item.key();
      const json& value = item.value();
      if (key == "column") text(value, at + "/column", m.outcomeColumn);
      else if (key == "yes") texts(value, at + "/yes", m.yes);
      else if (key == "no") texts(value, at + "/no", m.no);
      else fail(at + "/" + key, "unknown key (expected column, yes, no)");
    }
  }

  void events(const json& v, const std::string& at, std::vector<CountEvents>& out) {
    if (!v.is_array()) return fail(at, "must be an array");
    for (size_t i = 0; i < v.size(); ++i) {
      std::string here = at + "/" + std::to_string(i);
      if (!v[i].is_object()) {
        fail(here, "must be an object");
        continue;
      }
      CountEvents e;
      e.event = json::object();
      for (const auto& item : v[i].items()) {
        const std::string& key = item.key();
        const json& value = item.value();
        if (key == "column") text(value, here + "/column", e.column);
        else if (key == "equals") e.equals.emplace(), text(value, here + "/equals", *e.equals);
        else if (key == "each" && value.is_number() && value.get<double>() > 0) e.each = value.get<double>();
        else if (key == "max" && value.is_number_unsigned()) e.max = value.get<size_t>();
        else if (key == "each" || key == "max") fail(here + "/" + key, "must be a positive number");
        else if (key == "type" || key == "url" || key == "title" || key == "props") e.event[key] = value;
        else fail(here + "/" + key, "unknown key (expected column, type, url, title, props, each, max, equals)");
      }
      if (e.column.empty()) fail(here + "/column", "required");
      json probe = e.event;
      probe["ts"] = kJourneyStart;
      std::string why;
      if (!eventFromJson(probe, &why)) fail(here, "not a valid event: " + why);
      out.push_back(std::move(e));
    }
  }

  std::vector<std::string>& problems_;
};

bool among(const std::string& value, const std::vector<std::string>& list) {
  auto lower = [](std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string v = lower(value);
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return lower(x) == v; });
}

struct ColumnIndex {
  int id, outcome;
  std::vector<int> traits, events;
};

// Resolves every column the mapping names; the missing ones are listed in `fatal`.
std::optional<ColumnIndex> resolve(const CsvDocument& doc, const CsvMapping& m, std::string* fatal) {
  std::vector<std::string> missing;
  auto find = [&](const std::string& name) {
    int i = csvColumn(doc.header, name);
    std::string quoted = "\"" + name + "\"";
    if (i < 0 && std::find(missing.begin(), missing.end(), quoted) == missing.end()) missing.push_back(quoted);
    return i;
  };
  ColumnIndex c{find(m.idColumn), find(m.outcomeColumn), {}, {}};
  for (const auto& [trait, column] : m.traits) c.traits.push_back(find(column));
  for (const CountEvents& e : m.events) c.events.push_back(find(e.column));
  std::set<std::string> used = {m.idColumn, m.outcomeColumn};
  for (const auto& t : m.traits) used.insert(t.second);
  for (const CountEvents& e : m.events) used.insert(e.column);
  for (const auto& [column, why] : m.excluded) {
    find(column);
    if (used.count(column)) *fatal += "column \"" + column + "\" is both excluded and mapped; ";
  }
  if (!missing.empty()) {
    *fatal += "the CSV has no column ";
    for (size_t i = 0; i < missing.size(); ++i) *fatal += (i ? ", " : "") + missing[i];
  }
  if (!fatal->empty()) return std::nullopt;
  return c;
}

// One row as a journey; false with `error`.
bool rowToLead(const CsvRecord& row, const CsvMapping& m, const ColumnIndex& c, BacktestLead& lead,
               std::string& error) {
  auto cell = [&](int i) -> const std::string& { return row.fields[size_t(i)]; };
  auto isBlank = [&](const std::string& v) { return among(v, m.blank); };
  lead.id = cell(c.id);
  if (isBlank(lead.id)) return error = "empty id in column \"" + m.idColumn + "\"", false;
  const std::string& outcome = cell(c.outcome);
  if (among(outcome, m.yes)) lead.converted = true;
  else if (!among(outcome, m.no))
    return error = "column \"" + m.outcomeColumn + "\": '" + outcome + "' is neither a yes nor a no value", false;

  Event identify;
  identify.type = "identify";
  identify.ts = kJourneyStart;
  identify.traits = {{"userId", lead.id}};
  for (size_t i = 0; i < m.traits.size(); ++i)
    if (!isBlank(cell(c.traits[i]))) identify.traits[m.traits[i].first] = cell(c.traits[i]);
  lead.events.push_back(std::move(identify));

  for (size_t i = 0; i < m.events.size(); ++i) {
    const CountEvents& spec = m.events[i];
    const std::string& value = cell(c.events[i]);
    if (isBlank(value)) continue;
    size_t count = 0;
    if (spec.equals) {
      count = among(value, {*spec.equals}) ? 1 : 0;
    } else {
      std::optional<double> n = parseNumber(value);
      if (!n || *n < 0) return error = "column \"" + spec.column + "\": '" + value + "' is not a count", false;
      count = static_cast<size_t>(std::min<double>(std::floor(*n / spec.each), double(spec.max)));
    }
    for (size_t k = 0; k < count; ++k) {
      json e = spec.event;
      e["ts"] = kJourneyStart + kEventGap * double(lead.events.size());
      std::string why;
      lead.events.push_back(*eventFromJson(e, &why));  // checked when the mapping was read
    }
  }
  return true;
}

}  // namespace

std::optional<CsvMapping> loadMapping(std::string_view text, std::vector<std::string>& problems) {
  std::string error;
  json j = parseJson(text, &error);
  if (j.is_discarded()) {
    problems.push_back("/: " + error);
    return std::nullopt;
  }
  return MappingReader(problems).read(j);
}

BacktestInput readCsvLeads(std::string_view csv, const CsvMapping& mapping, std::string* fatal) {
  BacktestInput input;
  CsvDocument doc = parseCsv(csv);
  for (const CsvProblem& p : doc.problems) input.problems.push_back({p.line, p.message});
  std::optional<ColumnIndex> columns = resolve(doc, mapping, fatal);
  if (!columns) return input;
  for (const auto& [column, why] : mapping.excluded) input.excluded.push_back(column + ": " + why);
  for (const CsvRecord& row : doc.records) {
    if (row.fields.size() != doc.header.size()) {
      input.problems.push_back({row.line, "has " + std::to_string(row.fields.size()) +
                                              " fields, the header has " + std::to_string(doc.header.size())});
      continue;
    }
    BacktestLead lead;
    lead.line = row.line;
    std::string error;
    if (rowToLead(row, mapping, *columns, lead, error)) input.leads.push_back(std::move(lead));
    else input.problems.push_back({row.line, error});
  }
  std::sort(input.problems.begin(), input.problems.end(),
            [](const LineProblem& a, const LineProblem& b) { return a.line < b.line; });
  return input;
}

}  // namespace mqlite::cli

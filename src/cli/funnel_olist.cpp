// `mqlite funnel --from-olist`: the Olist marketing funnel as a mapped transition log.
#include <unordered_map>

#include "csv.hpp"
#include "funnel.hpp"
#include "funnel_dates.hpp"

namespace mqlite::cli {
namespace {

struct Columns {
  std::vector<int> index;
  bool ok = true;
};

Columns findColumns(const CsvDocument& doc, const std::vector<std::string>& names,
                    const std::string& file, std::vector<std::string>& problems) {
  Columns c;
  for (const std::string& name : names) {
    c.index.push_back(csvColumn(doc.header, name));
    if (c.index.back() < 0) {
      problems.push_back(file + ": no column \"" + name + "\"");
      c.ok = false;
    }
  }
  return c;
}

void reportCsvProblems(const CsvDocument& doc, const std::string& file,
                       std::vector<std::string>& problems) {
  for (const CsvProblem& p : doc.problems)
    problems.push_back(file + " line " + std::to_string(p.line) + ": " + p.message);
}

const std::string& field(const CsvRecord& r, int index) {
  static const std::string empty;
  return index >= 0 && size_t(index) < r.fields.size() ? r.fields[size_t(index)] : empty;
}

}  // namespace

std::string olistToTransitions(std::string_view mqlCsv, std::string_view dealsCsv,
                               std::vector<std::string>& problems) {
  CsvDocument mqls = parseCsv(mqlCsv), deals = parseCsv(dealsCsv);
  reportCsvProblems(mqls, "MQL file", problems);
  reportCsvProblems(deals, "deals file", problems);
  Columns mc = findColumns(mqls, {"mql_id", "first_contact_date", "origin"}, "MQL file", problems);
  Columns dc = findColumns(deals, {"mql_id", "won_date"}, "deals file", problems);
  if (!mc.ok || !dc.ok) return "";

  std::unordered_map<std::string, double> wonAt;
  for (const CsvRecord& r : deals.records) {
    auto won = parseIsoTime(field(r, dc.index[1]));
    if (field(r, dc.index[0]).empty() || !won) {
      problems.push_back("deals file line " + std::to_string(r.line) + ": needs mql_id and a won_date");
      continue;
    }
    wonAt[field(r, dc.index[0])] = *won;
  }

  std::string out;
  size_t matched = 0;
  for (const CsvRecord& r : mqls.records) {
    const std::string& id = field(r, mc.index[0]);
    auto contact = parseIsoTime(field(r, mc.index[1]));
    if (id.empty() || !contact) {
      problems.push_back("MQL file line " + std::to_string(r.line) +
                         ": needs mql_id and a first_contact_date");
      continue;
    }
    json transitions = json::array({{{"from", "Known"}, {"to", "MQL"}, {"at", formatIsoTime(*contact)}}});
    if (auto won = wonAt.find(id); won != wonAt.end()) {
      transitions.push_back({{"from", "MQL"}, {"to", "Customer"}, {"at", formatIsoTime(won->second)}});
      ++matched;
    }
    const std::string& origin = field(r, mc.index[2]);
    json lead = {{"id", id}, {"origin", origin.empty() ? "(none)" : origin}, {"transitions", transitions}};
    out += lead.dump() + "\n";
  }
  if (matched != wonAt.size())
    problems.push_back(std::to_string(wonAt.size() - matched) + " deal(s) name an mql_id not in the MQL file");
  return out;
}

}  // namespace mqlite::cli

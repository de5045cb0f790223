#include "stage.hpp"

namespace mqlite {

namespace {

// Every stage, in the enum's order: its values 0…10, walked as numbers (no table of stages).
struct AllStages {
  struct Iterator {
    int at;
    Stage operator*() const { return static_cast<Stage>(at); }
    void operator++() { ++at; }
    bool operator!=(Iterator other) const { return at != other.at; }
  };
  Iterator begin() const { return {0}; }
  Iterator end() const { return {static_cast<int>(Stage::Disqualified) + 1}; }
};
constexpr AllStages kAllStages{};

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  return true;
}

constexpr unsigned bit(Stage s) { return 1u << static_cast<int>(s); }

// The targets of the manual moves from `from` (SPEC §3), as bits (no container to build).
unsigned movesFrom(Stage from) {
  switch (from) {
    case Stage::MQL: return bit(Stage::SAL) | bit(Stage::Recycled) | bit(Stage::Disqualified);
    case Stage::SAL: return bit(Stage::SQL) | bit(Stage::Recycled) | bit(Stage::Disqualified);
    case Stage::SQL: return bit(Stage::Opportunity) | bit(Stage::Recycled) | bit(Stage::Disqualified);
    case Stage::Opportunity: return bit(Stage::Customer) | bit(Stage::Lost);
    case Stage::Lost: return bit(Stage::Recycled);
    default: return 0;
  }
}

bool isAutomatic(Stage s) {
  return s == Stage::Anonymous || s == Stage::Known || s == Stage::Engaged || s == Stage::Recycled;
}

// Appends the stages of a set of bits (1 << stage), in SPEC order, joined by ", ".
void appendNames(std::string& out, unsigned stages) {
  const char* separator = "";
  for (Stage s : kAllStages)
    if (stages >> static_cast<int>(s) & 1) {
      out += separator;
      out += stageName(s);
      separator = ", ";
    }
}

}  // namespace

const char* stageName(Stage stage) {
  switch (stage) {
    case Stage::Anonymous: return "Anonymous";
    case Stage::Known: return "Known";
    case Stage::Engaged: return "Engaged";
    case Stage::MQL: return "MQL";
    case Stage::SAL: return "SAL";
    case Stage::SQL: return "SQL";
    case Stage::Opportunity: return "Opportunity";
    case Stage::Customer: return "Customer";
    case Stage::Lost: return "Lost";
    case Stage::Recycled: return "Recycled";
    case Stage::Disqualified: return "Disqualified";
  }
  return "?";
}

std::optional<Stage> parseStage(std::string_view name) {
  for (Stage s : kAllStages)
    if (equalsIgnoringAsciiCase(name, stageName(s))) return s;
  return std::nullopt;
}

std::vector<Stage> manualMoves(Stage from) {
  std::vector<Stage> moves;
  for (Stage s : kAllStages)
    if (movesFrom(from) & bit(s)) moves.push_back(s);
  return moves;
}

// The message is grown in place (no temporary strings): this code sits in the wasm's ingest.
std::string refuseManualMove(Stage from, Stage to) {
  const unsigned allowed = movesFrom(from);
  if (allowed & bit(to)) return "";
  const char* name = stageName(from);
  std::string message = "cannot move from ";
  message += name;
  message += " to ";
  message += stageName(to);
  message += ": ";
  if (from == Stage::Customer || from == Stage::Disqualified) {
    message += name;
    message += " is final";
  } else if (isAutomatic(from)) {
    message += "there are no manual moves from ";
    message += name;
    message += " (it changes automatically; manual moves start at MQL)";
  } else {
    message += "allowed moves from ";
    message += name;
    message += " are ";
    appendNames(message, allowed);
  }
  return message;
}

}  // namespace mqlite

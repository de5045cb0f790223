#include "csv.hpp"

namespace mqlite::cli {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  bool done() const { return pos_ >= text_.size(); }
  size_t line() const { return line_; }

  // Reads one record into `fields`; false with `error` set when it is malformed (the rest of the
  // offending line is then skipped).
  bool record(std::vector<std::string>& fields, std::string& error) {
    fields.clear();
    while (true) {
      std::string field;
      bool ok = peek() == '"' ? quoted(field, error) : unquoted(field, error);
      if (!ok) {
        skipLine();
        return false;
      }
      fields.push_back(std::move(field));
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      endOfLine();
      return true;
    }
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool atLineEnd() const { return done() || peek() == '\n' || peek() == '\r'; }

  bool quoted(std::string& field, std::string& error) {
    size_t opened = line_;
    ++pos_;
    while (true) {
      if (done()) {
        error = "unterminated quoted field (opened on line " + std::to_string(opened) + ")";
        return false;
      }
      char c = text_[pos_++];
      if (c == '"') {
        if (peek() != '"') break;
        ++pos_;
      } else if (c == '\n') {
        ++line_;
      }
      field += c;
    }
    if (!atLineEnd() && peek() != ',') {
      error = "unexpected text after a closing quote (a quote inside a field must be doubled)";
      return false;
    }
    return true;
  }

  bool unquoted(std::string& field, std::string& error) {
    size_t start = pos_;
    while (!atLineEnd() && peek() != ',') ++pos_;
    field.assign(text_.substr(start, pos_ - start));
    if (field.find('"') != std::string::npos) {
      error = "quote inside an unquoted field (quote the whole field and double the quote)";
      return false;
    }
    return true;
  }

  void endOfLine() {
    if (peek() == '\r') ++pos_;
    if (peek() == '\n') ++pos_;
    ++line_;
  }

  void skipLine() {
    while (!done() && peek() != '\n' && peek() != '\r') ++pos_;
    endOfLine();
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

bool isBlank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

}  // namespace

CsvDocument parseCsv(std::string_view text) {
  CsvDocument doc;
  Scanner scanner(text);
  bool haveHeader = false;
  std::vector<std::string> fields;
  std::string error;
  while (!scanner.done()) {
    size_t line = scanner.line();
    if (!scanner.record(fields, error)) {
      doc.problems.push_back({line, error});
      continue;
    }
    if (isBlank(fields)) continue;
    if (!haveHeader) {
      doc.header = fields;
      haveHeader = true;
    } else {
      doc.records.push_back({line, fields});
    }
  }
  return doc;
}

int csvColumn(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace mqlite::cli

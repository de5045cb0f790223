// An RFC 4180 CSV reader: quoted fields (with "" escapes and line breaks inside), CRLF or LF line
// ends, a UTF-8 byte-order mark, blank lines skipped. Each record keeps the line it starts on, so
// a bad row can be reported where a person would look for it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mqlite::cli {

struct CsvRecord {
  size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

struct CsvProblem {
  size_t line = 0;
  std::string message;
};

struct CsvDocument {
  std::vector<std::string> header;  // the first record
  std::vector<CsvRecord> records;   // every later well-formed record
  std::vector<CsvProblem> problems; // malformed records, skipped
};

// Parses the whole text. A malformed record (stray quote, unterminated quoted field) is reported
// and skipped; parsing resumes on the next line.
CsvDocument parseCsv(std::string_view text);

// Index of `name` in `header`, or -1.
int csvColumn(const std::vector<std::string>& header, std::string_view name);

}  // namespace mqlite::cli

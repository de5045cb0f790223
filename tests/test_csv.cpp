// The RFC 4180 CSV reader behind `mqlite backtest` and the Olist converter.
#include <catch2/catch.hpp>

#include "csv.hpp"

using namespace mqlite::cli;

TEST_CASE("csv: header, records and their line numbers") {
  CsvDocument doc = parseCsv("a,b,c\n1,2,3\n\n4,,6\n");
  REQUIRE(doc.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(doc.records.size() == 2);
  CHECK(doc.records[0].line == 2);
  CHECK(doc.records[1].line == 4);  // the blank line 3 is skipped but still counted
  CHECK(doc.records[1].fields == std::vector<std::string>{"4", "", "6"});
  CHECK(doc.problems.empty());
}

TEST_CASE("csv: quoted fields with commas, doubled quotes and line breaks") {
  CsvDocument doc = parseCsv("name,note\r\n\"Doe, Jane\",\"said \"\"hi\"\"\"\r\n\"x\",\"two\r\nlines\"\r\nlast,row");
  REQUIRE(doc.records.size() == 3);
  CHECK(doc.records[0].fields[0] == "Doe, Jane");
  CHECK(doc.records[0].fields[1] == "said \"hi\"");
  CHECK(doc.records[1].fields[1] == "two\r\nlines");
  CHECK(doc.records[2].line == 5);  // the quoted line break moved it down one line
  CHECK(doc.records[2].fields == std::vector<std::string>{"last", "row"});
}

TEST_CASE("csv: a UTF-8 byte-order mark is not part of the first column name") {
  CsvDocument doc = parseCsv("\xEF\xBB\xBFid,é\n1,ü\n");
  CHECK(doc.header[0] == "id");
  CHECK(csvColumn(doc.header, "id") == 0);
  CHECK(csvColumn(doc.header, "é") == 1);
  CHECK(csvColumn(doc.header, "missing") == -1);
  CHECK(doc.records[0].fields[1] == "ü");
}

TEST_CASE("csv: trailing empty field (as in the X Education export) is kept") {
  CsvDocument doc = parseCsv("a,b,\n1,2,\n");
  CHECK(doc.header.size() == 3);
  CHECK(doc.records[0].fields.size() == 3);
}

TEST_CASE("csv: malformed records are reported with their line and skipped") {
  CsvDocument doc = parseCsv("a,b\n1,x\"y\n\"ok\",2\n\"bad\"tail,3\n5,6\n\"open,7\n8,9\n");
  REQUIRE(doc.records.size() == 2);
  CHECK(doc.records[0].fields == std::vector<std::string>{"ok", "2"});
  CHECK(doc.records[1].fields == std::vector<std::string>{"5", "6"});
  REQUIRE(doc.problems.size() == 3);
  CHECK(doc.problems[0].line == 2);
  CHECK(doc.problems[0].message.find("quote inside an unquoted field") != std::string::npos);
  CHECK(doc.problems[1].line == 4);
  CHECK(doc.problems[1].message.find("after a closing quote") != std::string::npos);
  CHECK(doc.problems[2].line == 6);
  CHECK(doc.problems[2].message.find("unterminated quoted field (opened on line 6)") != std::string::npos);
}

TEST_CASE("csv: no header, no records") {
  CsvDocument doc = parseCsv("");
  CHECK(doc.header.empty());
  CHECK(doc.records.empty());
  CHECK(doc.problems.empty());
}

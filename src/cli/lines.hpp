// Reads text one line at a time from a stream, never holding more than one line (bounded):
// for JSON Lines inputs of any size, including stdin.
#pragma once
#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace mqlite::cli {

// Longest line a command reads; longer lines are skipped and reported.
inline constexpr size_t kMaxLineBytes = 1 << 20;

class LineReader {
 public:
  enum class Status { Line, TooLong, End };

  explicit LineReader(std::istream& in, size_t maxLineBytes = kMaxLineBytes);

  // Reads the next line into `line` without its "\n" or "\r\n" (and without a UTF-8 byte order
  // mark on the first line). TooLong: the line had more than maxLineBytes bytes; it was skipped
  // up to its end and `line` is empty. End: no more input.
  Status next(std::string& line);
  // 1-based number of the line last returned.
  size_t lineNumber() const { return lineNumber_; }
  // True when the stream failed (as opposed to ending).
  bool failed() const { return failed_; }

 private:
  bool fill();

  std::streambuf* source_;
  size_t maxLineBytes_;
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  size_t lineNumber_ = 0;
  bool failed_ = false;
};

}  // namespace mqlite::cli

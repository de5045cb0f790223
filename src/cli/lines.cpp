#include "lines.hpp"

#include <cstring>

namespace mqlite::cli {

namespace {
constexpr size_t kChunkBytes = 64 * 1024;
constexpr char kBom[] = "\xEF\xBB\xBF";
}  // namespace

LineReader::LineReader(std::istream& in, size_t maxLineBytes)
    : source_(in.rdbuf()), maxLineBytes_(maxLineBytes), buffer_(kChunkBytes) {}

bool LineReader::fill() {
  if (!source_) return false;
  std::streamsize got;
  try {
    got = source_->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  } catch (...) {
    failed_ = true;
    return false;
  }
  pos_ = 0;
  end_ = got > 0 ? static_cast<size_t>(got) : 0;
  return end_ > 0;
}

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  bool tooLong = false, sawAnything = false;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (!sawAnything) return Status::End;
      break;  // last line without a final newline
    }
    sawAnything = true;
    const char* start = buffer_.data() + pos_;
    const void* newline = std::memchr(start, '\n', end_ - pos_);
    size_t take = newline ? static_cast<const char*>(newline) - start : end_ - pos_;
    if (!tooLong && line.size() + take > maxLineBytes_ + 1) {  // +1: a "\r" still to strip
      tooLong = true;
      line.clear();
      line.shrink_to_fit();
    }
    if (!tooLong) line.append(start, take);
    pos_ += take;
    if (newline) {
      ++pos_;
      break;
    }
  }
  ++lineNumber_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!tooLong && line.size() > maxLineBytes_) tooLong = true;
  if (tooLong) {
    line.clear();
    return Status::TooLong;
  }
  if (lineNumber_ == 1 && line.compare(0, 3, kBom) == 0) line.erase(0, 3);
  return Status::Line;
}

}  // namespace mqlite::cli

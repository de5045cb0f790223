// Reading the files the commands are given: bounded, with messages that say what to do.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cli.hpp"

namespace mqlite::cli {

namespace {

// A UTF-8 byte order mark, which some editors put at the start of a file.
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string describeOpenFailure(const std::string& path, int savedErrno) {
  std::string why = savedErrno ? std::strerror(savedErrno) : "cannot be opened";
  return "cannot read '" + path + "': " + why + " (check the path and that the file is readable)";
}

}  // namespace

bool openInputFile(const std::string& path, std::ifstream& file, std::string* error) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    *error = "cannot read '" + path + "': it is a directory (give the path of a file)";
    return false;
  }
  errno = 0;
  file.open(path, std::ios::binary);
  if (!file) {
    *error = describeOpenFailure(path, errno);
    return false;
  }
  return true;
}

bool readTextFile(const std::string& path, size_t maxBytes, std::string* text, std::string* error) {
  std::ifstream file;
  if (!openInputFile(path, file, error)) return false;
  text->assign(maxBytes + 1, '\0');
  file.read(text->data(), static_cast<std::streamsize>(maxBytes + 1));
  if (file.bad()) {
    *error = "cannot read '" + path + "': read error (check the file and the disk)";
    return false;
  }
  text->resize(static_cast<size_t>(file.gcount()));
  if (text->size() > maxBytes) {
    *error = "'" + path + "' is larger than " + std::to_string(maxBytes) +
             " bytes; check that it is the right file";
    return false;
  }
  if (text->compare(0, kBom.size(), kBom) == 0) text->erase(0, kBom.size());
  return true;
}

ModelFile loadModelFile(const std::string& path) {
  ModelFile result;
  std::string text;
  if (!readTextFile(path, kMaxModelBytes, &text, &result.readError)) return result;
  ModelResult loaded = loadModel(std::string_view(text));
  result.model = loaded.model;
  result.problems = std::move(loaded.problems);
  if (!result.model && result.problems.empty())  // never expected; keep the contract anyway
    result.problems.push_back({"/", "not a valid model"});
  return result;
}

}  // namespace mqlite::cli

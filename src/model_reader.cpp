#include "model_reader.hpp"

#include <algorithm>
#include <cmath>

#include "text.hpp"

namespace mqlite::model_detail {

namespace {

const std::vector<std::string> kOperators = {"eq",  "ne", "in",  "contains", "prefix", "suffix",
                                             "gte", "gt", "lte", "lt",       "exists"};
const std::vector<std::string> kPlainFields = {"type", "url", "host", "path", "title", "referrer"};

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto guess = text::closest(word, candidates);
  return guess ? "; did you mean \"" + *guess + "\"?" : "";
}

}  // namespace

std::string childPointer(const std::string& base, std::string_view key) {
  std::string out = base + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string childPointer(const std::string& base, size_t index) {
  return base + "/" + std::to_string(index);
}

void Reader::report(const std::string& pointer, std::string message) {
  problems.push_back({pointer.empty() ? "/" : pointer, std::move(message)});
}

void Reader::checkKeys(const json& object, const std::string& pointer,
                       std::initializer_list<const char*> allowed) {
  const std::vector<std::string> known(allowed.begin(), allowed.end());
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    report(childPointer(pointer, item.key()),
           "unknown key; expected one of " + joined(known) + didYouMean(item.key(), known));
  }
}

bool Reader::expectObject(const json& value, const std::string& pointer) {
  if (value.is_object()) return true;
  report(pointer, "must be an object");
  return false;
}

bool Reader::expectArray(const json& value, const std::string& pointer) {
  if (value.is_array()) return true;
  report(pointer, "must be an array");
  return false;
}

const json* Reader::member(const json& object, const char* key, const std::string& pointer, bool required) {
  const auto it = object.find(key);
  if (it != object.end()) return &*it;
  if (required) report(childPointer(pointer, key), "required");
  return nullptr;
}

std::optional<std::string> Reader::nonEmptyString(const json& object, const char* key,
                                                  const std::string& pointer, bool required) {
  const json* value = member(object, key, pointer, required);
  if (!value) return std::nullopt;
  if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
    report(childPointer(pointer, key), "must be a non-empty string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<double> Reader::checkedNumber(const json& value, const std::string& pointer) {
  if (!value.is_number()) {
    report(pointer, "must be a number");
    return std::nullopt;
  }
  const double n = value.get<double>();
  if (!std::isfinite(n)) {
    report(pointer, "must be a finite number");
    return std::nullopt;
  }
  return n;
}

std::optional<double> Reader::number(const json& object, const char* key, const std::string& pointer,
                                     bool required) {
  const json* value = member(object, key, pointer, required);
  if (!value) return std::nullopt;
  const std::string at = childPointer(pointer, key);
  const auto n = checkedNumber(*value, at);
  if (n && std::fabs(*n) > kMaxMagnitude) {
    report(at, "must be between -1000000000 and 1000000000");
    return std::nullopt;
  }
  return n;
}

std::optional<double> Reader::positiveNumber(const json& object, const char* key, const std::string& pointer,
                                             bool required) {
  const json* value = member(object, key, pointer, required);
  if (!value) return std::nullopt;
  const std::string at = childPointer(pointer, key);
  const auto n = checkedNumber(*value, at);
  if (n && (*n <= 0 || *n > kMaxMagnitude)) {
    report(at, *n <= 0 ? "must be a number > 0" : "must be at most 1000000000");
    return std::nullopt;
  }
  return n;
}

std::optional<int64_t> Reader::positiveInteger(const json& object, const char* key, const std::string& pointer,
                                               bool required) {
  const json* value = member(object, key, pointer, required);
  if (!value) return std::nullopt;
  const std::string at = childPointer(pointer, key);
  const double n = value->is_number() ? value->get<double>() : 0;
  if (!value->is_number() || !std::isfinite(n) || n < 1 || n > kMaxMagnitude || n != std::floor(n)) {
    report(at, "must be a positive integer (1 … 1000000000)");
    return std::nullopt;
  }
  return static_cast<int64_t>(n);
}

std::optional<Match> Reader::match(const json& value, const std::string& pointer) {
  if (!expectObject(value, pointer)) return std::nullopt;
  Match result;
  bool ok = true;
  for (const auto& item : value.items()) {
    const std::string at = childPointer(pointer, item.key());
    const auto field = parseFieldRef(item.key());
    if (!field) {
      ok = false;
      report(at, "unknown event field; expected type, url, host, path, title, referrer, query.NAME or props.NAME" +
                     didYouMean(item.key(), kPlainFields));
      continue;
    }
    auto cond = condition(item.value(), at);
    if (cond) result.clauses.emplace_back(*field, std::move(*cond));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return result;
}

std::optional<Condition> Reader::condition(const json& value, const std::string& pointer) {
  Condition result;
  if (value.is_string()) {
    result.terms.push_back({Op::Glob, Value::of(value.get<std::string>()), {}});
    return result;
  }
  if (value.is_boolean()) {
    result.terms.push_back({Op::Eq, Value::of(value.get<bool>()), {}});
    return result;
  }
  if (value.is_number()) {
    const auto n = checkedNumber(value, pointer);
    if (!n) return std::nullopt;
    result.terms.push_back({Op::Eq, Value::of(*n), {}});
    return result;
  }
  if (!value.is_object()) {
    report(pointer, value.is_array()
                        ? "a condition cannot be an array; to accept several values use {\"in\": [...]}"
                        : "a condition must be a string (glob), a number, a boolean or an object of operators");
    return std::nullopt;
  }
  if (value.empty()) {
    report(pointer, "empty condition: give at least one operator (" + joined(kOperators) + ")");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : value.items()) {
    auto t = term(item.key(), item.value(), childPointer(pointer, item.key()));
    if (t) result.terms.push_back(std::move(*t));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return result;
}

std::optional<Value> Reader::scalar(const json& value, const std::string& pointer, const char* expected) {
  if (value.is_string()) return Value::of(value.get<std::string>());
  if (value.is_boolean()) return Value::of(value.get<bool>());
  if (value.is_number()) {
    const auto n = checkedNumber(value, pointer);
    if (n) return Value::of(*n);
    return std::nullopt;
  }
  report(pointer, expected);
  return std::nullopt;
}

std::optional<Term> Reader::term(const std::string& op, const json& arg, const std::string& pointer) {
  Term t;
  if (op == "eq" || op == "ne") {
    t.op = op == "eq" ? Op::Eq : Op::Ne;
    auto v = scalar(arg, pointer, "must be a string, a number or a boolean");
    if (!v) return std::nullopt;
    t.arg = std::move(*v);
  } else if (op == "in") {
    t.op = Op::In;
    if (!arg.is_array()) {
      report(pointer, "must be an array of strings (globs), numbers or booleans");
      return std::nullopt;
    }
    if (arg.empty()) {
      report(pointer, "must not be empty: an empty list never matches");
      return std::nullopt;
    }
    bool ok = true;
    for (size_t i = 0; i < arg.size(); ++i) {
      auto v = scalar(arg[i], childPointer(pointer, i), "must be a string (glob), a number or a boolean");
      if (v) t.list.push_back(std::move(*v));
      else ok = false;
    }
    if (!ok) return std::nullopt;
  } else if (op == "contains" || op == "prefix" || op == "suffix") {
    t.op = op == "contains" ? Op::Contains : op == "prefix" ? Op::Prefix : Op::Suffix;
    if (!arg.is_string()) {
      report(pointer, "must be a string");
      return std::nullopt;
    }
    t.arg = Value::of(arg.get<std::string>());
  } else if (op == "gte" || op == "gt" || op == "lte" || op == "lt") {
    t.op = op == "gte" ? Op::Gte : op == "gt" ? Op::Gt : op == "lte" ? Op::Lte : Op::Lt;
    const auto n = checkedNumber(arg, pointer);
    if (!n) return std::nullopt;
    t.arg = Value::of(*n);
  } else if (op == "exists") {
    t.op = Op::Exists;
    if (!arg.is_boolean()) {
      report(pointer, "must be true or false");
      return std::nullopt;
    }
    t.arg = Value::of(arg.get<bool>());
  } else {
    report(pointer, "unknown operator; expected one of " + joined(kOperators) + didYouMean(op, kOperators));
    return std::nullopt;
  }
  return t;
}

}  // namespace mqlite::model_detail

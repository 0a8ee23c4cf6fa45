// SPDX-License-Identifier: Apache-2.0
#include "config/json_schema.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "config/json_path.h"
#include "config/schema_words.h"
#include "stackprobe/sdk/duration.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;
using Error = std::optional<std::string>;
using schema_words::Expectation;

// Schemas nest without the instance nesting (anyOf in anyOf ...); bound that
// too, so no schema can exhaust the stack.
constexpr int kMaxSchemaNesting = 256;

// libstdc++'s std::regex matcher recurses per character; longer strings fail
// a pattern rather than risk the stack.
constexpr std::size_t kMaxPatternSubject = 4096;

const json* Keyword(const json& schema, const char* name) {
  const auto found = schema.find(name);
  return found == schema.end() ? nullptr : &*found;
}

std::string Got(const std::string& path, const std::string& expectation,
                const json& value) {
  return AtPath(path, "expected " + expectation + ", got " + Excerpt(value));
}

Error Mismatch(const json& schema, const json& value, const std::string& path) {
  return Got(path, Expectation(schema, value), value);
}

std::size_t CodePoints(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::optional<std::regex> Compile(const std::string& pattern) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

long double AsLongDouble(const json& number) {
  if (number.is_number_unsigned()) {
    return static_cast<long double>(number.get<std::uint64_t>());
  }
  if (number.is_number_integer()) {
    return static_cast<long double>(number.get<std::int64_t>());
  }
  return static_cast<long double>(number.get<double>());
}

// Path of the first value nested deeper than kMaxInstanceDepth, if any. The
// recursion stops at the limit, so it is itself bounded.
std::optional<std::string> TooDeep(const json& value, const std::string& path,
                                   int depth) {
  if (!value.is_structured()) return std::nullopt;
  if (depth >= kMaxInstanceDepth) return path;
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (auto deep = TooDeep(member, MemberPath(path, key), depth + 1)) {
        return deep;
      }
    }
  } else {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto deep = TooDeep(value[i], ElementPath(path, i), depth + 1)) {
        return deep;
      }
    }
  }
  return std::nullopt;
}

class Validator {
 public:
  Error Validate(const json& schema, json& value, const std::string& path,
                 int nesting) {
    if (schema.is_boolean()) {
      return schema.get<bool>() ? Error() : Mismatch(schema, value, path);
    }
    if (!schema.is_object()) return std::nullopt;
    if (nesting > kMaxSchemaNesting) {
      return AtPath(path, "expected a schema nested at most " +
                              std::to_string(kMaxSchemaNesting) +
                              " levels deep");
    }
    if (!schema_words::Admits(schema, value)) {
      return Mismatch(schema, value, path);
    }
    NormalizeInteger(schema, value);
    if (auto error = CheckFormat(schema, value, path)) return error;
    if (value.is_number()) {
      if (auto error = CheckNumber(schema, value, path)) return error;
    } else if (value.is_string()) {
      if (auto error = CheckString(schema, value, path)) return error;
    } else if (value.is_array()) {
      if (auto error = CheckArray(schema, value, path, nesting)) return error;
    } else if (value.is_object()) {
      if (auto error = CheckObject(schema, value, path, nesting)) return error;
    }
    return CheckCombinations(schema, value, path, nesting);
  }

 private:
  // 3.0 is a fine "integer" in JSON Schema; make it one so consumers can
  // read it as an integer.
  static void NormalizeInteger(const json& schema, json& value) {
    if (!value.is_number_float()) return;
    const json* type = Keyword(schema, "type");
    if (type == nullptr || *type != "integer") return;
    const double number = value.get<double>();
    if (std::fabs(number) < 9.0e15) {
      value = static_cast<std::int64_t>(number);
    }
  }

  static Error CheckFormat(const json& schema, const json& value,
                           const std::string& path) {
    const json* format = Keyword(schema, "format");
    if (format == nullptr) return std::nullopt;
    if (*format == "duration" && (value.is_string() || value.is_number())) {
      if (!DurationFromJson(value)) return Mismatch(schema, value, path);
    }
    if (*format == "regex" && value.is_string()) {
      if (!Compile(value.get<std::string>())) {
        return Mismatch(schema, value, path);
      }
    }
    return std::nullopt;
  }

  static Error CheckNumber(const json& schema, const json& value,
                           const std::string& path) {
    const long double number = AsLongDouble(value);
    auto bound = [&](const char* name) -> std::optional<long double> {
      const json* keyword = Keyword(schema, name);
      if (keyword == nullptr || !keyword->is_number()) return std::nullopt;
      return AsLongDouble(*keyword);
    };
    const bool min_exclusive = schema.value("exclusiveMinimum", json()) == true;
    const bool max_exclusive = schema.value("exclusiveMaximum", json()) == true;
    bool ok = true;
    if (auto min = bound("minimum")) {
      ok = ok && (min_exclusive ? number > *min : number >= *min);
    }
    if (auto max = bound("maximum")) {
      ok = ok && (max_exclusive ? number < *max : number <= *max);
    }
    if (auto xmin = bound("exclusiveMinimum")) ok = ok && number > *xmin;
    if (auto xmax = bound("exclusiveMaximum")) ok = ok && number < *xmax;
    return ok ? Error() : Mismatch(schema, value, path);
  }

  static Error CheckString(const json& schema, const json& value,
                           const std::string& path) {
    const auto& text = value.get_ref<const std::string&>();
    const std::size_t length = CodePoints(text);
    const json* min = Keyword(schema, "minLength");
    const json* max = Keyword(schema, "maxLength");
    if ((min != nullptr && min->is_number() && length < AsLongDouble(*min)) ||
        (max != nullptr && max->is_number() && length > AsLongDouble(*max))) {
      return Mismatch(schema, value, path);
    }
    const json* pattern = Keyword(schema, "pattern");
    if (pattern != nullptr && pattern->is_string()) {
      const auto regex = Compile(pattern->get<std::string>());
      if (regex && (text.size() > kMaxPatternSubject ||
                    !std::regex_search(text, *regex))) {
        return Mismatch(schema, value, path);
      }
    }
    return std::nullopt;
  }

  Error CheckArray(const json& schema, json& value, const std::string& path,
                   int nesting) {
    const json* min = Keyword(schema, "minItems");
    const json* max = Keyword(schema, "maxItems");
    const auto size = static_cast<long double>(value.size());
    if ((min != nullptr && min->is_number() && size < AsLongDouble(*min)) ||
        (max != nullptr && max->is_number() && size > AsLongDouble(*max))) {
      return Mismatch(schema, value, path);
    }
    if (const json* items = Keyword(schema, "items")) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        const json* item_schema = items;
        if (items->is_array()) {
          if (i >= items->size()) break;
          item_schema = &(*items)[i];
        }
        if (auto error = Validate(*item_schema, value[i], ElementPath(path, i),
                                  nesting + 1)) {
          return error;
        }
      }
    }
    if (schema.value("uniqueItems", json()) == true) {
      std::map<json, std::size_t> seen;
      for (std::size_t i = 0; i < value.size(); ++i) {
        const auto [at, inserted] = seen.emplace(value[i], i);
        if (!inserted) {
          return AtPath(ElementPath(path, i),
                        "expected no duplicate, got " + Excerpt(value[i]) +
                            " (also at [" + std::to_string(at->second) + "])");
        }
      }
    }
    return std::nullopt;
  }

  Error CheckObject(const json& schema, json& value, const std::string& path,
                    int nesting) {
    static const json kNoProperties = json::object();
    const json* properties = Keyword(schema, "properties");
    if (properties == nullptr || !properties->is_object()) {
      properties = &kNoProperties;
    }
    for (const auto& [key, property] : properties->items()) {
      if (!value.contains(key) && property.is_object() &&
          property.contains("default")) {
        value[key] = property.at("default");
      }
    }
    const json* additional = Keyword(schema, "additionalProperties");
    if (additional != nullptr && *additional == false) {
      for (const auto& [key, member] : value.items()) {
        if (properties->contains(key)) continue;
        std::string known;
        for (const auto& [name, property] : properties->items()) {
          known += known.empty() ? name : ", " + name;
        }
        return AtPath(
            path, "unknown key " + Excerpt(key) +
                      (known.empty() ? " (expected no keys)"
                                     : " (expected one of: " + known + ")"));
      }
    }
    if (const json* required = Keyword(schema, "required")) {
      if (required->is_array()) {
        for (const auto& name : *required) {
          if (name.is_string() && !value.contains(name.get<std::string>())) {
            return AtPath(path, "missing required key " + Excerpt(name));
          }
        }
      }
    }
    const json* names = Keyword(schema, "propertyNames");
    for (auto& [key, member] : value.items()) {
      const std::string member_path = MemberPath(path, key);
      if (names != nullptr) {
        json name = key;
        if (auto error = Validate(*names, name, member_path, nesting + 1)) {
          return error;
        }
      }
      const json* member_schema = nullptr;
      if (properties->contains(key)) {
        member_schema = &(*properties)[key];
      } else if (additional != nullptr) {
        member_schema = additional;
      }
      if (member_schema != nullptr) {
        if (auto error =
                Validate(*member_schema, member, member_path, nesting + 1)) {
          return error;
        }
      }
    }
    return std::nullopt;
  }

  Error CheckCombinations(const json& schema, json& value,
                          const std::string& path, int nesting) {
    if (const json* all = Keyword(schema, "allOf"); all && all->is_array()) {
      for (const auto& branch : *all) {
        if (auto error = Validate(branch, value, path, nesting + 1)) {
          return error;
        }
      }
    }
    for (const char* name : {"anyOf", "oneOf"}) {
      const json* branches = Keyword(schema, name);
      if (branches == nullptr || !branches->is_array() || branches->empty()) {
        continue;
      }
      const bool exactly_one = std::string_view(name) == "oneOf";
      std::vector<Error> errors;
      std::optional<json> accepted;
      std::vector<std::size_t> matches;
      for (std::size_t i = 0; i < branches->size(); ++i) {
        // Each alternative fills defaults into its own copy; only the one
        // that matches keeps them.
        json copy = value;
        errors.push_back(Validate((*branches)[i], copy, path, nesting + 1));
        if (!errors.back()) {
          matches.push_back(i);
          if (!accepted) accepted = std::move(copy);
          if (!exactly_one) break;
        }
      }
      if (matches.size() > 1) {
        return AtPath(path, "expected exactly one alternative to match, got " +
                                Excerpt(value) + " (alternatives " +
                                std::to_string(matches[0] + 1) + " and " +
                                std::to_string(matches[1] + 1) + " match)");
      }
      if (accepted) {
        value = std::move(*accepted);
        continue;
      }
      for (std::size_t i = 0; i < branches->size(); ++i) {
        if (schema_words::Admits((*branches)[i], value)) return errors[i];
      }
      std::string expected;
      for (const auto& branch : *branches) {
        expected +=
            (expected.empty() ? "" : " or ") + Expectation(branch, value);
      }
      return Got(path, expected, value);
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::string> ValidateAndFillDefaults(const json& schema,
                                                   json& instance,
                                                   const std::string& path) {
  if (auto deep = TooDeep(instance, path, 0)) {
    return AtPath(*deep, "expected at most " +
                             std::to_string(kMaxInstanceDepth) +
                             " levels of nesting, got a deeper value");
  }
  Validator validator;
  return validator.Validate(schema, instance, path, 0);
}

std::optional<std::chrono::milliseconds> DurationFromJson(const json& value) {
  if (value.is_string()) {
    return sdk::ParseDuration(value.get_ref<const std::string&>());
  }
  if (value.is_number_unsigned() || value.is_number_integer()) {
    if (value.is_number_integer() && !value.is_number_unsigned() &&
        value.get<std::int64_t>() < 0) {
      return std::nullopt;
    }
    return sdk::ParseDuration(value.dump());
  }
  if (value.is_number_float()) {
    const double seconds = value.get<double>();
    if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
    return sdk::ParseDuration(value.dump());
  }
  return std::nullopt;
}

}  // namespace stackprobe::config

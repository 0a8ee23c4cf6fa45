// SPDX-License-Identifier: Apache-2.0
#include "config/schema_words.h"

#include <cmath>
#include <string>
#include <vector>

#include "config/json_path.h"

namespace stackprobe::config::schema_words {
namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += sep;
    out += part;
  }
  return out;
}

const json* Keyword(const json& schema, const char* name) {
  const auto found = schema.find(name);
  return found == schema.end() ? nullptr : &*found;
}

const json* NumberKeyword(const json& schema, const char* name) {
  const json* keyword = Keyword(schema, name);
  return keyword != nullptr && keyword->is_number() ? keyword : nullptr;
}

// " 100..599", " >= 1", " > 0 and < 1".
std::string RangeWords(const json& schema) {
  const json* min = NumberKeyword(schema, "minimum");
  const json* max = NumberKeyword(schema, "maximum");
  const json* xmin = NumberKeyword(schema, "exclusiveMinimum");
  const json* xmax = NumberKeyword(schema, "exclusiveMaximum");
  // Draft 4 spelled exclusiveness as a boolean beside minimum / maximum.
  const bool min_exclusive = schema.value("exclusiveMinimum", json()) == true;
  const bool max_exclusive = schema.value("exclusiveMaximum", json()) == true;
  if (min != nullptr && max != nullptr && xmin == nullptr && xmax == nullptr &&
      !min_exclusive && !max_exclusive) {
    return " " + min->dump() + ".." + max->dump();
  }
  std::vector<std::string> parts;
  if (min != nullptr) {
    parts.push_back((min_exclusive ? "> " : ">= ") + min->dump());
  }
  if (xmin != nullptr) parts.push_back("> " + xmin->dump());
  if (max != nullptr) {
    parts.push_back((max_exclusive ? "< " : "<= ") + max->dump());
  }
  if (xmax != nullptr) parts.push_back("< " + xmax->dump());
  return parts.empty() ? "" : " " + Join(parts, " and ");
}

std::string CountWords(const json* min, const json* max,
                       std::string_view noun) {
  const std::string plural = std::string(noun) + "s";
  if (min != nullptr && max != nullptr) {
    return " of " + min->dump() + ".." + max->dump() + " " + plural;
  }
  if (max != nullptr) {
    return " of at most " + max->dump() + " " +
           (*max == 1 ? std::string(noun) : plural);
  }
  if (min != nullptr) {
    return " of at least " + min->dump() + " " +
           (*min == 1 ? std::string(noun) : plural);
  }
  return "";
}

std::string StringWords(const json& schema) {
  const json* min = NumberKeyword(schema, "minLength");
  const json* max = NumberKeyword(schema, "maxLength");
  std::string out;
  if (min != nullptr && *min == 1 && max == nullptr) {
    out = "a non-empty string";
  } else {
    out = "a string" + CountWords(min, max, "character");
  }
  const json* pattern = Keyword(schema, "pattern");
  if (pattern != nullptr && pattern->is_string()) {
    out += " matching " + pattern->get<std::string>();
  }
  return out;
}

std::string TypeWords(const json& schema, const std::string& type_name) {
  if (type_name == "integer") return "an integer" + RangeWords(schema);
  if (type_name == "number") return "a number" + RangeWords(schema);
  if (type_name == "string") return StringWords(schema);
  if (type_name == "array") {
    std::string out =
        "an array" + CountWords(NumberKeyword(schema, "minItems"),
                                NumberKeyword(schema, "maxItems"), "item");
    if (schema.value("uniqueItems", json()) == true)
      out += " without duplicates";
    return out;
  }
  if (type_name == "object") return "an object";
  if (type_name == "boolean") return "a boolean";
  if (type_name == "null") return "null";
  return "a " + type_name;
}

}  // namespace

std::string TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float: {
      const double number = value.get<double>();
      return std::isfinite(number) && std::floor(number) == number ? "integer"
                                                                   : "number";
    }
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    default:
      return "null";
  }
}

bool TypeMatches(std::string_view type_name, const json& value) {
  if (type_name == "number") return value.is_number();
  if (type_name == "integer") return TypeName(value) == "integer";
  if (type_name == "string") return value.is_string();
  if (type_name == "boolean") return value.is_boolean();
  if (type_name == "null") return value.is_null();
  if (type_name == "object") return value.is_object();
  if (type_name == "array") return value.is_array();
  return true;
}

bool Admits(const json& schema, const json& value) {
  if (schema.is_boolean()) return schema.get<bool>();
  if (!schema.is_object()) return true;
  if (const json* type = Keyword(schema, "type")) {
    bool any = false;
    if (type->is_string()) {
      any = TypeMatches(type->get_ref<const std::string&>(), value);
    } else if (type->is_array()) {
      for (const auto& name : *type) {
        any = any || !name.is_string() ||
              TypeMatches(name.get_ref<const std::string&>(), value);
      }
    } else {
      any = true;
    }
    if (!any) return false;
  }
  if (const json* constant = Keyword(schema, "const")) {
    if (*constant != value) return false;
  }
  if (const json* options = Keyword(schema, "enum")) {
    if (options->is_array()) {
      bool found = false;
      for (const auto& option : *options) found = found || option == value;
      if (!found) return false;
    }
  }
  return true;
}

std::string Expectation(const json& schema, const json& value) {
  if (schema.is_boolean()) return schema.get<bool>() ? "anything" : "nothing";
  if (!schema.is_object()) return "anything";
  if (const json* constant = Keyword(schema, "const")) {
    return Excerpt(*constant);
  }
  if (const json* options = Keyword(schema, "enum")) {
    if (options->is_array()) {
      std::vector<std::string> parts;
      for (const auto& option : *options) parts.push_back(Excerpt(option));
      return "one of " + Join(parts, ", ");
    }
  }
  const json* format = Keyword(schema, "format");
  if (format != nullptr && *format == "duration") {
    return std::string(kDurationWords);
  }
  if (format != nullptr && *format == "regex") {
    return "a valid ECMAScript regular expression";
  }
  std::vector<std::string> types;
  if (const json* type = Keyword(schema, "type")) {
    if (type->is_string()) types.push_back(type->get<std::string>());
    if (type->is_array()) {
      for (const auto& name : *type) {
        if (name.is_string()) types.push_back(name.get<std::string>());
      }
    }
  }
  if (types.empty()) types.push_back(TypeName(value));
  std::vector<std::string> parts;
  for (const auto& type_name : types) {
    parts.push_back(TypeWords(schema, type_name));
  }
  return Join(parts, " or ");
}

}  // namespace stackprobe::config::schema_words

// models/load/schema.cc — JSON Schema and Markdown tables from the key table (schema.h).
#include "models/load/schema.h"

#include <cstdio>
#include <iterator>
#include <utility>

namespace lambdasim {
namespace {

// Units ParseDuration accepts (sim/time.cc).
constexpr const char* kUnit = "(ns|us|µs|ms|s|m|min|h|d)";
constexpr const char* kDecimal = "([0-9]+[.]?[0-9]*|[.][0-9]+)";
// The same units by rank, largest first, as a compound duration must list them.
constexpr const char* kRankedUnits[] = {"d", "h", "(m|min)", "s", "ms", "(us|µs)", "ns"};

// A compound duration ("1h30m", "1s500ms"): whole-number parts, each unit at most once,
// largest first, optional spaces between number and unit and between parts. JSON Schema's
// portable regex subset has no lookahead, so "at least one part" is an alternation over
// the first unit present. With first_number_optional the first part may be a bare unit
// (a rate's period: "100/m30s" reads as 100 per 1m30s, as the loader does).
std::string CompoundDuration(bool first_number_optional) {
  const size_t n = std::size(kRankedUnits);
  std::string out = "(";
  for (size_t first = 0; first < n; ++first) {
    if (first > 0) out += "|";
    out += first_number_optional ? "([0-9]+ *)?" : "[0-9]+ *";
    out += kRankedUnits[first];
    for (size_t next = first + 1; next < n; ++next) {
      out += std::string("( *[0-9]+ *") + kRankedUnits[next] + ")?";
    }
  }
  return out + ")";
}

// Everything ParseDuration accepts after trimming: one decimal part, or a compound.
std::string DurationBody(bool first_number_optional) {
  return std::string("(") + kDecimal + (first_number_optional ? "?" : "") + " *" + kUnit + "|" +
         CompoundDuration(first_number_optional) + ")";
}

std::string Json(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string DurationPattern() {
  return std::string("^[ \t]*[+]?") + DurationBody(false) + "[ \t]*$";
}
std::string RatePattern() {
  return std::string("^[+]?") + kDecimal + "([eE][+-]?[0-9]+)?/[ \t]*" + DurationBody(true) +
         "[ \t]*$";
}
std::string RefillPattern() {
  return std::string("^[+]?[0-9]+ *(/ *") + DurationBody(true) + "[ \t]*)?$";
}

std::string Ref(std::string_view id) {
  return "{\"$ref\": " + Json("#/$defs/" + std::string(id)) + "}";
}

std::string ValueSchema(const KeyDef& k) {
  switch (k.type) {
    case KeyType::kInteger:
      return "{\"type\": \"integer\", \"minimum\": " + std::to_string(k.int_min) +
             ", \"maximum\": " + std::to_string(k.int_max) + "}";
    case KeyType::kUnsigned:
      return "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 18446744073709551615}";
    case KeyType::kNumber:
      return "{\"type\": \"number\", \"minimum\": " + Number(k.num_min) +
             ", \"maximum\": " + Number(k.num_max) + "}";
    case KeyType::kDuration: return Ref("duration");
    case KeyType::kEnum: {
      std::string out = "{\"enum\": [";
      for (size_t i = 0; i < k.choices.size(); ++i) out += (i ? ", " : "") + Json(k.choices[i]);
      return out + "]}";
    }
    case KeyType::kBool: return "{\"type\": \"boolean\"}";
    case KeyType::kString: return "{\"type\": [\"string\", \"number\"]}";
    case KeyType::kName: return Ref("name");
    case KeyType::kRate:
      return std::string("{\"anyOf\": [{\"type\": \"number\", ") +
             (k.allow_zero ? "\"minimum\": 0" : "\"exclusiveMinimum\": 0") +
             ", \"maximum\": " + Number(k.num_max) + "}, " + Ref("rate_text") + "]}";
    case KeyType::kRefill: return Ref("refill");
    case KeyType::kDistribution: return Ref("distribution");
    case KeyType::kMapping: return Ref(k.section->id);
    case KeyType::kMap:
      return "{\"type\": \"object\", \"minProperties\": 1, \"propertyNames\": " + Ref("name") +
             ", \"additionalProperties\": " + Ref(k.section->id) + "}";
    case KeyType::kList:
      return std::string("{\"type\": \"array\", \"items\": ") +
             (k.section ? Ref(k.section->id) : "{\"type\": \"string\"}") + "}";
    case KeyType::kSpecial: return k.schema_json;
  }
  return "{}";
}

std::string Description(const KeyDef& k) {
  std::string d = k.help;
  if (!k.applies_to.empty()) d = "(" + k.applies_to + ") " + d;
  if (!k.unit.empty()) d += " [" + k.unit + "]";
  if (!k.default_text.empty() && !k.required) d += " Default: " + k.default_text + ".";
  return d;
}

// A mapping of `keys` (all of them, or those of one variant).
std::string ObjectSchema(const KeySection& s, std::string_view variant, const std::string& extra) {
  std::string props, required;
  for (const KeyDef& k : s.keys) {
    const bool in_variant =
        variant.empty() || k.name == "dist" || (!k.applies_to.empty() && KeyAppliesTo(k, variant));
    if (!in_variant) continue;
    std::string value = ValueSchema(k);
    if (k.name == "dist" && !variant.empty()) value = "{\"const\": " + Json(variant) + "}";
    // Add the description inside the value's object.
    value.pop_back();  // the closing brace
    value += ", \"description\": " + Json(Description(k)) + "}";
    props += (props.empty() ? "" : ",\n") + std::string("      ") + Json(k.name) + ": " + value;
    if (k.required && (k.applies_to.empty() || !variant.empty()))
      required += (required.empty() ? "" : ", ") + Json(k.name);
  }
  std::string constraints = extra;
  auto one_of_required = [](const char* op, const std::vector<std::string>& keys) {
    std::string alternatives;
    for (const std::string& k : keys)
      alternatives +=
          (alternatives.empty() ? "" : ", ") + std::string("{\"required\": [") + Json(k) + "]}";
    return ", \"" + std::string(op) + "\": [" + alternatives + "]";
  };
  if (!s.exactly_one.empty()) constraints += one_of_required("oneOf", s.exactly_one);
  if (!s.at_least_one.empty()) constraints += one_of_required("anyOf", s.at_least_one);
  std::string out = "{\"type\": \"object\", \"description\": " + Json(s.title) +
                    ", \"additionalProperties\": false" + constraints +
                    ",\n    \"properties\": {\n" + props + "\n    }";
  if (!required.empty()) out += ", \"required\": [" + required + "]";
  return out + "}";
}

}  // namespace

std::string ScenarioJsonSchema() {
  const ScenarioKeys& table = ScenarioKeyTable();
  std::string defs;
  auto def = [&](std::string_view id, const std::string& body) {
    defs += (defs.empty() ? "" : ",\n") + std::string("    ") + Json(id) + ": " + body;
  };
  def("duration",
      "{\"type\": \"string\", \"description\": \"a duration with a unit, e.g. 250ms, "
      "1.5s, 10m, 1h30m, 1s500ms (largest unit first, each once; a bare number is invalid)\", "
      "\"pattern\": " +
          Json(DurationPattern()) + "}");
  def("rate_text",
      "{\"type\": \"string\", \"description\": \"a count per period, e.g. 30/min, "
      "500/10s\", \"pattern\": " +
          Json(RatePattern()) + "}");
  def("refill",
      "{\"anyOf\": [{\"type\": \"integer\", \"minimum\": 1}, {\"type\": \"string\", "
      "\"pattern\": " +
          Json(RefillPattern()) + "}]}");
  def("name", "{\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9_-]+$\"}");
  const KeySection& dist = table.Section("distribution");
  std::string kinds = Ref("duration");
  for (const std::string& kind : dist.Get("dist").choices)
    kinds += ",\n      " + ObjectSchema(dist, kind, "");
  def("distribution",
      "{\"description\": \"a duration (constant) or { dist: KIND, ... }\", "
      "\"anyOf\": [\n      " +
          kinds + "]}");
  for (const KeySection* s : table.sections) {
    if (s->id == "distribution") continue;
    def(s->id, ObjectSchema(*s, "", ""));
  }
  return "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
         "  \"$id\": \"https://github.com/lambdasim/lambdasim/scenario.schema.json\",\n"
         "  \"title\": \"lambdasim scenario\",\n"
         "  \"description\": \"A lambdasim scenario (scenarios/README.md). Generated by `lambdasim "
         "schema` from the loader's key table; the loader also checks relations the schema "
         "cannot express.\",\n"
         "  \"$ref\": \"#/$defs/scenario\",\n  \"$defs\": {\n" +
         defs + "\n  }\n}\n";
}

namespace {

std::string Cell(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '|' && (out.empty() || out.back() != '\\'))
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string TypeText(const KeyDef& k) {
  std::string t;
  switch (k.type) {
    case KeyType::kInteger:
    case KeyType::kUnsigned: t = "integer"; break;
    case KeyType::kNumber: t = "number"; break;
    case KeyType::kDuration: t = "duration"; break;
    case KeyType::kEnum:
      for (size_t i = 0; i < k.choices.size(); ++i) t += (i ? " \\| `" : "`") + k.choices[i] + "`";
      break;
    case KeyType::kBool: t = "`true` \\| `false`"; break;
    case KeyType::kString: t = "string"; break;
    case KeyType::kName: t = "name"; break;
    case KeyType::kRate: t = "rate: number or `N/period`"; break;
    case KeyType::kRefill: t = "rate: `N/period` or integer per second"; break;
    case KeyType::kDistribution: t = "distribution"; break;
    case KeyType::kMapping: t = "mapping (`" + k.section->id + "`)"; break;
    case KeyType::kMap: t = "mapping name → `" + k.section->id + "`"; break;
    case KeyType::kList:
      t = k.section ? "list of `" + k.section->id + "`" : std::string("list of strings");
      break;
    case KeyType::kSpecial:
      t = k.section ? "scalar or `" + k.section->id + "`" : "see notes";
      break;
  }
  if (!k.unit.empty() && k.type != KeyType::kRate) t += " (" + k.unit + ")";
  return t;
}

std::string LimitsText(const KeyDef& k) {
  if (!k.limits_text.empty()) return k.limits_text;
  switch (k.type) {
    case KeyType::kInteger: return std::to_string(k.int_min) + " .. " + std::to_string(k.int_max);
    case KeyType::kNumber: return Number(k.num_min) + " .. " + Number(k.num_max);
    case KeyType::kDuration:
    case KeyType::kDistribution:
      return sim::FormatDuration(k.dur_min) + " .. " + sim::FormatDuration(k.dur_max);
    case KeyType::kRate: return std::string(k.allow_zero ? "≥ 0" : "> 0") + ", ≤ 1e9 /s";
    default: return "";
  }
}

}  // namespace

std::string KeySectionMarkdown(const KeySection& s) {
  const bool variants = [&] {
    for (const KeyDef& k : s.keys)
      if (!k.applies_to.empty()) return true;
    return false;
  }();
  std::string out = variants ? "| Key | Applies to | Type / unit | Default | Limits | Notes |\n"
                               "|---|---|---|---|---|---|\n"
                             : "| Key | Type / unit | Default | Limits | Notes |\n"
                               "|---|---|---|---|---|\n";
  for (const KeyDef& k : s.keys) {
    out += "| `" + k.name + "` | ";
    if (variants) out += Cell(k.applies_to.empty() ? "all" : k.applies_to) + " | ";
    out += Cell(TypeText(k)) + " | " + Cell(k.default_text) + " | " + Cell(LimitsText(k)) + " | " +
           Cell(k.help) + " |\n";
  }
  auto list = [](const std::vector<std::string>& keys) {
    std::string text;
    for (size_t i = 0; i < keys.size(); ++i)
      text += (i == 0 ? "`" : i + 1 == keys.size() ? " or `" : ", `") + keys[i] + "`";
    return text;
  };
  if (!s.exactly_one.empty()) out += "\nGive exactly one of " + list(s.exactly_one) + ".\n";
  if (!s.at_least_one.empty()) out += "\nGive " + list(s.at_least_one) + ".\n";
  return out;
}

std::string KeyTablesMarkdown() {
  std::string out;
  for (const KeySection* s : ScenarioKeyTable().sections) {
    out += "<!-- keys:" + s->id + " -->\n" + KeySectionMarkdown(*s) + "<!-- /keys:" + s->id +
           " -->\n\n";
  }
  return out;
}

std::string UpdateKeyTables(std::string_view text, std::vector<std::string>* problems,
                            std::vector<std::string>* missing) {
  const ScenarioKeys& table = ScenarioKeyTable();
  std::vector<std::string> seen;
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = text.find("<!-- keys:", at);
    if (open == std::string_view::npos) break;
    const size_t open_end = text.find("-->", open);
    if (open_end == std::string_view::npos) {
      problems->push_back("unterminated marker at byte " + std::to_string(open));
      break;
    }
    std::string_view id = text.substr(open + 10, open_end - open - 10);
    while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
    const std::string close = "<!-- /keys:" + std::string(id) + " -->";
    const size_t close_at = text.find(close, open_end);
    if (close_at == std::string_view::npos) {
      problems->push_back("no closing marker for keys:" + std::string(id));
      break;
    }
    const KeySection* section = nullptr;
    for (const KeySection* s : table.sections)
      if (s->id == id) section = s;
    out += text.substr(at, open_end + 4 - at);  // up to and including "-->\n"
    if (section) {
      out += KeySectionMarkdown(*section);
      seen.emplace_back(id);
    } else {
      problems->push_back("unknown key section '" + std::string(id) + "'");
      out += text.substr(open_end + 4, close_at - open_end - 4);
    }
    at = close_at;
  }
  out += text.substr(at);
  for (const KeySection* s : table.sections) {
    bool found = false;
    for (const auto& id : seen) found = found || id == s->id;
    if (!found) missing->push_back(s->id);
  }
  return out;
}

}  // namespace lambdasim

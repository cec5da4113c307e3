// models/import/scenario_writer.cc — ImportedScenario → commented scenario YAML.
#include "models/import/scenario_writer.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "models/load/scenario_loader.h"
#include "models/spec/did_you_mean.h"

namespace lambdasim::import {
namespace {

std::string Comment(const Field& f) {
  if (f.note.empty() && !f.todo) return "";
  return f.todo ? "  # TODO: " + f.note : "  # " + f.note;
}

void WriteFields(std::string& out, const std::vector<Field>& fields, int indent,
                 bool first_inline = false) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const Field& f = fields[i];
    const std::string pad =
        (first_inline && i == 0) ? "" : std::string(static_cast<size_t>(indent), ' ');
    if (f.key.empty()) {
      out += pad + "- " + f.value + Comment(f) + "\n";
      continue;
    }
    if (!f.children.empty()) {
      out += pad + f.key + ":" + Comment(f) + "\n";
      WriteFields(out, f.children, indent + 2);
      continue;
    }
    out += pad + f.key + ": " + f.value + Comment(f) + "\n";
  }
}

}  // namespace

Field& Add(std::vector<Field>& fields, std::string key, std::string value, std::string note,
           bool todo) {
  fields.push_back(Field{std::move(key), std::move(value), std::move(note), todo, {}});
  return fields.back();
}

std::string WriteScenarioYaml(const ImportedScenario& s) {
  std::string out;
  for (const auto& h : s.header) out += h.empty() ? "#\n" : "# " + h + "\n";
  WriteFields(out, s.top, 0);
  out += "functions:\n";
  for (const auto& f : s.functions) {
    out += "  " + f.name + ":" + (f.note.empty() ? "" : "  # " + f.note) + "\n";
    WriteFields(out, f.fields, 4);
  }
  out += "traffic:\n";
  for (const auto& t : s.traffic) {
    out += "  - function: " + t.function + (t.note.empty() ? "" : "  # " + t.note) + "\n";
    out += "    label: " + t.label + "\n";
    WriteFields(out, t.fields, 4);
  }
  return out;
}

void ValidateScenarioText(const std::string& text, const std::string& label) {
  // A real output path: relative files the scenario names (the observed CSV) resolve beside it.
  (void)LoadScenarioString(text, label, {}, label.empty() || label[0] == '<' ? "" : label);
}

namespace {
[[noreturn]] void FailRate(const std::string& arg, const std::string& why) {
  throw ScenarioError({Diagnostic{"--rate", 0, 0, "'" + arg + "': " + why}});
}
}  // namespace

void ApplyRates(ImportedScenario& s, const std::vector<std::string>& rate_args) {
  for (const auto& arg : rate_args) {
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) FailRate(arg, "expected NAME=RPS");
    const std::string name = arg.substr(0, eq), rps = arg.substr(eq + 1);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(rps.c_str(), &end);
    if (rps.empty() || end != rps.c_str() + rps.size() || errno != 0 || !std::isfinite(v) ||
        v <= 0 || v > 1e9)
      FailRate(arg, "RPS must be a number > 0 and <= 1e9");
    std::vector<ImportedTraffic*> hits;
    std::vector<std::string> names;
    for (auto& t : s.traffic) {
      names.push_back(t.label);
      if (t.label == name) hits = {&t};
    }
    if (hits.empty())
      for (auto& t : s.traffic) {
        if (t.function == name) hits.push_back(&t);
        names.push_back(t.function);
      }
    if (hits.empty())
      FailRate(arg, "no traffic entry or function '" + name + "'" + SuggestName(name, names));
    if (hits.size() > 1) {
      std::string labels;
      for (auto* t : hits) labels += (labels.empty() ? "" : ", ") + t->label;
      FailRate(arg, "function '" + name + "' has " + std::to_string(hits.size()) +
                        " traffic entries; name one by its label: " + labels);
    }
    bool replaced = false;
    for (auto& f : hits[0]->fields)
      if (f.key == "rate") {
        f.value = rps;
        f.note = "--rate " + arg;
        f.todo = false;
        replaced = true;
      }
    if (!replaced)
      FailRate(arg, "entry '" + hits[0]->label + "' has no placeholder rate to replace");
  }
}

std::string SanitizeName(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    out += ok ? c : '-';
  }
  return out.empty() ? "fn" : out;
}

std::string DurationText(double seconds) {
  const double ns = std::round(seconds * 1e9);
  if (std::fmod(ns, 1e9) == 0) return fmt::format("{}s", static_cast<int64_t>(ns / 1e9));
  if (std::fmod(ns, 1e6) == 0) return fmt::format("{}ms", static_cast<int64_t>(ns / 1e6));
  if (std::fmod(ns, 1e3) == 0) return fmt::format("{}us", static_cast<int64_t>(ns / 1e3));
  return fmt::format("{}ns", static_cast<int64_t>(ns));
}

void AddTemplateTop(ImportedScenario& s, const std::string& name, const std::string& source) {
  s.header = {"Scenario imported by `lambdasim import` from " + source + ".",
              "Each value says where it came from; values marked TODO were assumed (a template",
              "holds no traffic and no handler durations): check them before trusting a result.",
              "Set rates with `--rate LABEL=RPS` on import, or edit them below."};
  Add(s.top, "name", name, "from the input file name");
  Add(s.top, "duration", "10m", "simulated horizon assumed (not in the input)", true);
}

void AddPlaceholderDuration(ImportedFunction& f) {
  Add(f.fields, "duration", "{ dist: lognormal, median: 100ms, p99: 1s }",
      "placeholder handler duration (not in a template); measure it, e.g. with "
      "`lambdasim import cloudwatch --duration`",
      true);
}

void AddPlaceholderRate(ImportedTraffic& t, const std::string& unit) {
  Add(t.fields, "rate", "10",
      "placeholder rate (" + unit + " per second; not in the input): --rate " + t.label + "=RPS",
      true);
}

void FitAccount(ImportedScenario& s, int64_t reservation_sum) {
  if (reservation_sum <= 900) return;
  Field& acc = Add(s.top, "account", "", "");
  Add(acc.children, "concurrency_limit", std::to_string(reservation_sum + 100),
      "reservations in the input sum to " + std::to_string(reservation_sum) +
          ", more than the default quota 1000 leaves (1000 - 100 unreserved); set your account's "
          "quota",
      true);
}

}  // namespace lambdasim::import

// models/analysis/check_report.cc — see check_report.h.
#include "models/analysis/check_report.h"

#include <cmath>

#include <fmt/core.h>

#include "models/output/json_writer.h"
#include "models/output/output_writer.h"

namespace lambdasim::analysis {

namespace {

std::string Measured(double v) { return std::isnan(v) ? "n/a" : FormatCsvNumber(v); }

size_t Failures(const CheckedScenario& s) {
  size_t f = 0;
  for (const auto& o : s.outcomes) f += o.ok ? 0 : 1;
  return f;
}

}  // namespace

std::string ThresholdText(const Expectation& e) {
  return fmt::format("{} {} {}", e.metric, ExpectOpText(e.op), FormatCsvNumber(e.threshold));
}

std::string FailureText(const ThresholdOutcome& o) {
  const Expectation& e = *o.expectation;
  return fmt::format("measured {}; threshold {} ({}:{})", Measured(o.measured), ThresholdText(e),
                     e.location.file, e.location.line);
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
          out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 forbids these characters
        else
          out.push_back(c);
    }
  }
  return out;
}

std::string RenderCheckJUnit(const std::vector<CheckedScenario>& scenarios) {
  size_t tests = 0, failures = 0, skipped = 0;
  for (const auto& s : scenarios) {
    tests += s.outcomes.empty() ? 1 : s.outcomes.size();
    failures += Failures(s);
    skipped += s.outcomes.empty() ? 1 : 0;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"lambdasim check\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"{}\">\n",
      tests, failures, skipped);
  for (const auto& s : scenarios) {
    const std::string suite = XmlEscape(s.name);
    out += fmt::format(
        "  <testsuite name=\"{}\" file=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"{}\">\n",
        suite, XmlEscape(s.file), s.outcomes.empty() ? 1 : s.outcomes.size(), Failures(s),
        s.outcomes.empty() ? 1 : 0);
    out += fmt::format("    <properties><property name=\"seed\" value=\"{}\"/></properties>\n",
                       s.seed);
    if (s.outcomes.empty()) {
      out += fmt::format(
          "    <testcase classname=\"{}\" name=\"(no expect: thresholds)\" file=\"{}\">\n"
          "      <skipped message=\"the scenario declares no expect: thresholds; nothing is "
          "checked\"/>\n    </testcase>\n",
          suite, XmlEscape(s.file));
    }
    for (const auto& o : s.outcomes) {
      const Expectation& e = *o.expectation;
      out +=
          fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">", suite,
                      XmlEscape(ThresholdText(e)), XmlEscape(e.location.file), e.location.line);
      if (o.ok) {
        out += fmt::format("<system-out>measured {}</system-out></testcase>\n",
                           XmlEscape(Measured(o.measured)));
        continue;
      }
      const std::string text = XmlEscape(FailureText(o));
      out += fmt::format("\n      <failure message=\"{}\" type=\"threshold\">{}</failure>\n", text,
                         text);
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string RenderCheckJson(const std::vector<CheckedScenario>& scenarios) {
  size_t checked = 0, failed = 0;
  JsonWriter w;
  w.BeginObject();
  w.Key("scenarios");
  w.BeginArray();
  for (const auto& s : scenarios) {
    w.BeginObject();
    w.Field("file", s.file);
    w.Field("name", s.name);
    w.Field("seed", s.seed);
    if (s.outcomes.empty())
      w.Field("warning", "the scenario declares no expect: thresholds; nothing is checked");
    w.Key("thresholds");
    w.BeginArray();
    for (const auto& o : s.outcomes) {
      const Expectation& e = *o.expectation;
      ++checked;
      failed += o.ok ? 0 : 1;
      w.BeginObject();
      w.Field("metric", e.metric);
      w.Field("op", ExpectOpText(e.op));
      w.Field("threshold", e.threshold);
      w.Field("measured", o.measured);
      w.Field("ok", o.ok);
      w.Field("file", e.location.file);
      w.Field("line", static_cast<int64_t>(e.location.line));
      w.Field("text", e.text);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Field("thresholds", static_cast<uint64_t>(checked));
  w.Field("failed", static_cast<uint64_t>(failed));
  w.Field("ok", failed == 0);
  w.EndObject();
  return w.Finish();
}

}  // namespace lambdasim::analysis

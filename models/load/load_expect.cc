// models/load/load_expect.cc — `expect:` thresholds on flat summary metrics.
#include "models/load/scenario_walk.h"

#include <algorithm>

#include "models/metrics/summary_fields.h"
#include "sim/text.h"

namespace lambdasim::load {

// `expect:` — a list of "metric op number" strings, e.g. "functions.api.throttle_rate <= 0.001";
// a bare key ("cost_usd < 120") is the account's; "maps.<label>.<key>" a Step Functions Map
// entry's (MapEntryLabels).
void ParseExpect(Ctx& ctx, const Val& v, ScenarioSpec& spec) {
  ctx.Visit();
  if (v.node.IsNull()) return;
  if (!v.node.IsSequence()) {
    ctx.Error(
        v.path, v.mark(),
        "'expect' must be a list of thresholds (e.g. - functions.api.throttle_rate <= 0.001)");
    return;
  }
  std::vector<std::string> fkeys, akeys, fnames;
  for (const auto& f : FunctionSummaryFields(FunctionSummary{})) fkeys.push_back(f.key);
  for (const auto& f : AccountSummaryFields(AccountSummary{})) akeys.push_back(f.key);
  for (const auto& f : spec.functions) fnames.push_back(f.name);
  std::vector<std::string> mkeys;
  for (const auto& f : MapSummaryFields(MapSummary{})) mkeys.push_back(f.key);
  const std::vector<std::string> mlabels = MapEntryLabels(spec);
  size_t i = 0;
  for (const auto& item : v.node) {
    const size_t index = i++;
    const Val e{item, v.path + "." + std::to_string(index), "expect[" + std::to_string(index) + "]",
                v.key_mark};
    auto s = Scalar(ctx, e, "a threshold such as 'functions.api.throttle_rate <= 0.001'");
    if (!s) continue;
    auto bad = [&](const std::string& why) {
      ctx.Error(e.path, e.mark(), "expect '" + *s + "': " + why);
    };
    static const std::vector<std::pair<std::string, ExpectOp>> kOps = {
        {"<=", ExpectOp::kLessEqual},
        {">=", ExpectOp::kGreaterEqual},
        {"==", ExpectOp::kEqual},
        {"<", ExpectOp::kLess},
        {">", ExpectOp::kGreater}};
    size_t at = std::string::npos, len = 0;
    ExpectOp op = ExpectOp::kLessEqual;
    for (const auto& [text, o] : kOps) {
      const size_t p = s->find(text);
      if (p != std::string::npos &&
          (at == std::string::npos || p < at || (p == at && text.size() > len))) {
        at = p;
        len = text.size();
        op = o;
      }
    }
    if (at == std::string::npos) {
      bad("expected 'metric op number' with op one of <, <=, >, >=, ==");
      continue;
    }
    const std::string_view whole = *s;
    const std::string metric(sim::TrimBlanks(whole.substr(0, at)));
    const std::string number(sim::TrimBlanks(whole.substr(at + len)));
    std::string why;
    const std::optional<double> threshold = ParseNumber(number, &why);
    if (!threshold) {
      bad("threshold " + why);
      continue;
    }
    const std::vector<std::string> parts = SplitPath(metric);
    std::string full;
    if (metric.rfind("maps.", 0) == 0) {  // maps.<label>.<key>; a label may hold '/' (calls)
      const size_t dot = metric.rfind('.');
      const std::string label = dot > 5 ? metric.substr(5, dot - 5) : std::string();
      const std::string key = metric.substr(dot + 1);
      if (std::find(mlabels.begin(), mlabels.end(), label) == mlabels.end()) {
        bad("no Step Functions Map entry '" + label + "' in this scenario" +
            (mlabels.empty() ? std::string(" (it has no map: entries)")
                             : DidYouMean(label, mlabels)));
        continue;
      }
      if (std::find(mkeys.begin(), mkeys.end(), key) == mkeys.end()) {
        bad("unknown Map metric '" + key + "'" + DidYouMean(key, mkeys));
        continue;
      }
      full = metric;
    } else if (parts.size() == 1) {
      if (std::find(akeys.begin(), akeys.end(), metric) != akeys.end()) {
        full = "account." + metric;
      } else if (std::find(fkeys.begin(), fkeys.end(), metric) != fkeys.end()) {
        bad("'" + metric + "' is a per-function metric; write functions.<name>." + metric +
            (fnames.empty() ? std::string()
                            : " (e.g. functions." + fnames.front() + "." + metric + ")"));
        continue;
      } else {
        bad("unknown metric '" + metric + "'" + DidYouMean(metric, akeys));
        continue;
      }
    } else if (parts.size() == 2 && parts[0] == "account") {
      if (std::find(akeys.begin(), akeys.end(), parts[1]) == akeys.end()) {
        bad("unknown account metric '" + parts[1] + "'" + DidYouMean(parts[1], akeys));
        continue;
      }
      full = metric;
    } else if (parts.size() == 3 && parts[0] == "functions") {
      if (std::find(fnames.begin(), fnames.end(), parts[1]) == fnames.end()) {
        bad("no function '" + parts[1] + "' in this scenario" + DidYouMean(parts[1], fnames));
        continue;
      }
      if (std::find(fkeys.begin(), fkeys.end(), parts[2]) == fkeys.end()) {
        bad("unknown function metric '" + parts[2] + "'" + DidYouMean(parts[2], fkeys));
        continue;
      }
      full = metric;
    } else {
      bad("metric '" + metric +
          "' must be functions.<name>.<key>, account.<key>, maps.<label>.<key> or a bare "
          "account key");
      continue;
    }
    spec.expect.push_back(Expectation{full, op, *threshold, *s, Loc(ctx, e.mark())});
  }
}

}  // namespace lambdasim::load

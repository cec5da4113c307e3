// models/import/esm_fields.cc — integers with their origin; mapping settings → `source:`.
#include "models/import/esm_fields.h"

#include <algorithm>
#include <cmath>

namespace lambdasim::import {

std::string SourceTypeFromArn(const std::string& arn) {
  if (arn.rfind("arn:aws:sqs:", 0) == 0 || arn.find(":sqs:") != std::string::npos) return "sqs";
  if (arn.find(":kinesis:") != std::string::npos) return "kinesis";
  if (arn.find(":dynamodb:") != std::string::npos) return "dynamodb";
  return "";
}

std::string TemplateContext::Unique(const std::string& want) {
  std::string got = want;
  if (taken_.count(got) != 0) {
    // The search resumes at the suffix after the one the last search for `want` returned: the
    // names before it are still taken (taken_ only grows), so the result is the one a search
    // from -2 finds, and n entries of one name cost n steps, not n²/2.
    int& k = next_suffix_[want];
    k = std::max(k, 2);
    for (;; ++k) {
      got = want + "-" + std::to_string(k);
      if (taken_.count(got) == 0) break;
    }
    ++k;
  }
  taken_.insert(got);
  return got;
}

Resolved TemplateContext::Int(const DocNode& n, const std::string& path, int64_t lo, int64_t hi) {
  if (!n.IsDefined() || n.IsNull()) return {std::nullopt, " (not set)", false};
  DocNode v = n;
  std::string via;
  if (IsIntrinsic(n)) {
    const DocNode d = ResolveParam(n);
    if (d.IsDefined() && ScalarInt(d)) {
      via = " via " + IntrinsicName(n) + " " + RefTarget(n).value_or("") + " → its Default at " +
            Where(label_, d);
      v = d;
    } else {
      Warn(Where(label_, n) + ": " + path + " is " + IntrinsicName(n) +
           ", which cannot be resolved without deploying; using the AWS default");
      return {
          std::nullopt,
          "; " + path + " (" + Where(label_, n) + ") is " + IntrinsicName(n) + ", not resolvable",
          true};
    }
  }
  const auto x = ScalarInt(v);
  if (!x) Fail(label_, v, path + ": '" + (v.IsScalar() ? v.Scalar() : "?") + "' is not an integer");
  if (*x < lo || *x > hi)
    Fail(label_, v,
         path + ": " + std::to_string(*x) + " is outside AWS's range " + std::to_string(lo) +
             " .. " + std::to_string(hi));
  return {x, path + " (" + Where(label_, n) + ")" + via, false};
}

void TemplateContext::AddSource(ImportedTraffic& tr, const std::string& st, const DocNode& props,
                                const std::string& path, const TargetInfo& target,
                                double function_timeout_s, bool snake) {
  auto key = [&](const char* cfn, const char* tf) { return std::string(snake ? tf : cfn); };
  auto prop = [&](const std::string& k) { return At(props, k); };
  Field& src = Add(tr.fields, "source", "", "");
  Add(src.children, "type", st, "event source mapping from " + path);
  const bool sqs = st == "sqs";
  const std::string bk = key("BatchSize", "batch_size");
  const auto batch = Int(prop(bk), path + "." + bk, 1, 10000);
  const int64_t batch_v = batch.value.value_or(sqs ? 10 : 100);
  Add(src.children, "batch_size", std::to_string(batch_v),
      batch.value ? batch.note : std::string("AWS default ") + (sqs ? "10" : "100") + batch.note,
      batch.todo);
  const std::string wk =
      key("MaximumBatchingWindowInSeconds", "maximum_batching_window_in_seconds");
  const auto window = Int(prop(wk), path + "." + wk, 0, 300);
  if (window.value)
    Add(src.children, "maximum_batching_window", DurationText(static_cast<double>(*window.value)),
        window.note);
  if (sqs && batch_v > 10 && window.value.value_or(0) < 1)
    Fail(label_, prop(bk),
         path + "." + bk + ": " + std::to_string(batch_v) + " > 10 needs " + wk +
             " >= 1 (AWS rejects this mapping)");
  if (sqs) {
    DocNode sc = prop(key("ScalingConfig", "scaling_config"));
    if (snake && sc.IsSequence() && sc.size() > 0) sc = sc[0];
    const std::string mk =
        snake ? "scaling_config[0].maximum_concurrency" : "ScalingConfig.MaximumConcurrency";
    if (sc.IsDefined() && sc.IsMap()) {
      const auto mc =
          Int(At(sc, key("MaximumConcurrency", "maximum_concurrency")), path + "." + mk, 2, 1000);
      if (mc.value) Add(src.children, "maximum_concurrency", std::to_string(*mc.value), mc.note);
    }
    double vis = static_cast<double>(target.visibility_timeout_s.value_or(30));
    std::string vis_note = target.visibility_timeout_s
                               ? target.visibility_note
                               : "SQS default 30 s (the queue is not in the input)";
    bool vis_todo = !target.visibility_timeout_s;
    if (vis < function_timeout_s) {
      warnings_.push_back(path + ": queue visibility timeout " + DurationText(vis) +
                          " is below the function timeout " + DurationText(function_timeout_s) +
                          " (AWS rejects such a mapping); using the function timeout");
      vis_note += "; raised to the function timeout (AWS requires visibility >= timeout)";
      vis = function_timeout_s;
      vis_todo = true;
    }
    Add(src.children, "visibility_timeout", DurationText(vis), vis_note, vis_todo);
    return;
  }
  const std::string pk = key("ParallelizationFactor", "parallelization_factor");
  if (const auto pf = Int(prop(pk), path + "." + pk, 1, 10); pf.value)
    Add(src.children, "parallelization_factor", std::to_string(*pf.value), pf.note);
  const std::string rk = key("MaximumRetryAttempts", "maximum_retry_attempts");
  if (const auto ra = Int(prop(rk), path + "." + rk, -1, 10000); ra.value)
    Add(src.children, "maximum_retry_attempts", std::to_string(*ra.value), ra.note);
  const std::string ak = key("MaximumRecordAgeInSeconds", "maximum_record_age_in_seconds");
  if (const auto age = Int(prop(ak), path + "." + ak, -1, 604800); age.value && *age.value >= 60)
    Add(src.children, "maximum_record_age", DurationText(static_cast<double>(*age.value)),
        age.note);
  const std::string bb = key("BisectBatchOnFunctionError", "bisect_batch_on_function_error");
  const DocNode bis = prop(bb);
  if (bis.IsDefined() && bis.IsScalar() && !IsIntrinsic(bis)) {
    const std::string& b = bis.Scalar();
    if (b != "true" && b != "false")
      Fail(label_, bis, path + "." + bb + ": expected true or false");
    Add(src.children, "bisect_batch_on_error", b,
        path + "." + bb + " (" + Where(label_, bis) + ")");
  }
  if (target.shards)
    Add(src.children, "shards", std::to_string(*target.shards), target.shards_note);
  else
    Add(src.children, "shards", "1",
        st == "kinesis" ? "shard count not in the input; assumed 1"
                        : "DynamoDB stream shards are managed by AWS; assumed 1",
        true);
}

}  // namespace lambdasim::import

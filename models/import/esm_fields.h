// models/import/esm_fields.h — what the template importers share (internal): reading integers
// with their origin, and an event source mapping's settings → a scenario `source:` block.
//
// Internal to models/import/ (reads load/'s DocNode, no yaml-cpp). Invariants: every value read
// comes back with a note naming the key path and file:line:col it came from; an intrinsic that
// cannot be resolved gives no value, a warning and todo = true (the caller then writes the AWS
// default); a plain value outside AWS's range is an error at its position (AWS would reject the
// template).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/import/scenario_writer.h"
#include "models/import/yaml_input.h"

namespace lambdasim::import {

struct Resolved {
  std::optional<int64_t> value;
  std::string note;  // origin when value is set; " (not set)" or why not resolvable otherwise
  bool todo = false;
};

// What the template says about the queue or stream a mapping reads.
struct TargetInfo {
  std::optional<int64_t> visibility_timeout_s;  // SQS queue in the input
  std::string visibility_note;
  std::optional<int64_t> shards;  // Kinesis stream in the input
  std::string shards_note;
};

// "sqs" / "kinesis" / "dynamodb" from an ARN ("arn:aws:sqs:…"), "" otherwise.
std::string SourceTypeFromArn(const std::string& arn);

class TemplateContext {
 public:
  explicit TemplateContext(std::string label) : label_(std::move(label)) {}
  virtual ~TemplateContext() = default;

 protected:
  void Warn(const std::string& w) { warnings_.push_back(w); }
  // An integer in [lo, hi] (path names it in notes and errors).
  Resolved Int(const DocNode& n, const std::string& path, int64_t lo, int64_t hi);
  // A !Ref to a parameter: its Default node (templates); undefined otherwise.
  virtual DocNode ResolveParam(const DocNode&) const { return DocNode(); }

  // Adds `source:` (type st = sqs|kinesis|dynamodb) from a mapping's properties. snake: the
  // Terraform spelling (batch_size, scaling_config[0].maximum_concurrency) instead of
  // CloudFormation's (BatchSize, ScalingConfig.MaximumConcurrency).
  void AddSource(ImportedTraffic& tr, const std::string& st, const DocNode& props,
                 const std::string& path, const TargetInfo& target, double function_timeout_s,
                 bool snake);

  // `want`, or `want-2`, `want-3`, … when taken: traffic labels (and names) stay unique even
  // when sanitising made two alike.
  std::string Unique(const std::string& want);

  std::string label_;
  std::vector<std::string> warnings_;
  std::set<std::string> taken_;
  std::map<std::string, int> next_suffix_;  // Unique: where the search for a name resumes
};

}  // namespace lambdasim::import

// models/import/sam_import.cc — SAM / CloudFormation template → ImportedScenario.
#include "models/import/sam_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "models/import/esm_fields.h"
#include "models/import/yaml_input.h"

namespace lambdasim::import {
namespace {

const std::set<std::string> kServerlessTypes = {
    "AWS::Serverless::Function",     "AWS::Serverless::Api",
    "AWS::Serverless::HttpApi",      "AWS::Serverless::SimpleTable",
    "AWS::Serverless::LayerVersion", "AWS::Serverless::Application",
    "AWS::Serverless::StateMachine", "AWS::Serverless::Connector",
    "AWS::Serverless::GraphQLApi"};
const std::set<std::string> kLambdaTypes = {"AWS::Lambda::Function",
                                            "AWS::Lambda::EventSourceMapping",
                                            "AWS::Lambda::Permission",
                                            "AWS::Lambda::Alias",
                                            "AWS::Lambda::Version",
                                            "AWS::Lambda::LayerVersion",
                                            "AWS::Lambda::LayerVersionPermission",
                                            "AWS::Lambda::EventInvokeConfig",
                                            "AWS::Lambda::Url",
                                            "AWS::Lambda::CodeSigningConfig",
                                            "AWS::Lambda::EventSourceMappingConfig"};

struct Fn {
  ImportedFunction out;
  std::string type;
  double timeout_s = 3;
  int64_t reserved = -1;  // -1: none
  int64_t pc = 0;
  int entries = 0;
};

class SamReader : public TemplateContext {
 public:
  SamReader(std::string_view text, const std::string& label)
      : SamReader(ParseDocumentCounted(text, label), label) {}

  SamReader(const ParsedDocument& doc, const std::string& label)
      : TemplateContext(label), root_(doc.root), budget_(label, "template", doc.nodes) {
    resources_ = At(root_, "Resources");
    if (!resources_.IsDefined() || !resources_.IsMap() || resources_.size() == 0)
      Fail(label, resources_.IsDefined() ? resources_ : root_,
           "no Resources mapping: not a SAM or CloudFormation template");
    params_ = At(root_, "Parameters");
    const DocNode g = At(root_, "Globals");
    if (g.IsDefined() && g.IsMap()) globals_ = At(g, "Function");
  }

  ImportedScenario Run(const std::string& name) {
    AddTemplateTop(s_, name, label_);
    std::map<std::string, std::vector<std::string>> skipped;
    // Pass 1: types and functions.
    for (const DocEntry& kv : resources_.Entries()) {
      const std::string id = kv.key.Scalar();
      // A resource that is not a mapping is reported at its value (at its ID when null: a
      // null's position is the next token's), one without a Type at its ID.
      if (!kv.value.IsMap())
        Fail(label_, kv.value.IsNull() ? kv.key : kv.value,
             "Resources." + id + ": expected a mapping with a Type");
      const DocNode type = At(kv.value, "Type");
      if (!type.IsDefined() || !type.IsScalar())
        Fail(label_, type.IsDefined() ? type : kv.key,
             "Resources." + id + ": missing or non-string Type");
      const std::string t = type.Scalar();
      const bool serverless = t.rfind("AWS::Serverless::", 0) == 0;
      const bool lambda = t.rfind("AWS::Lambda::", 0) == 0;
      if ((serverless && !kServerlessTypes.count(t)) || (lambda && !kLambdaTypes.count(t)))
        Fail(label_, type, "Resources." + id + ": unknown resource type '" + t + "'");
      if (!WellFormedType(t))
        Fail(label_, type,
             "Resources." + id + ": malformed resource type '" + t +
                 "' (expected Vendor::Service::Resource)");
      types_[id] = t;
      if (!serverless && !lambda && !IsEventTarget(t)) skipped[t].push_back(id);
    }
    for (const DocEntry& kv : resources_.Entries()) {
      const std::string id = kv.key.Scalar();
      const std::string& t = types_[id];
      if (t == "AWS::Serverless::Function" || t == "AWS::Lambda::Function")
        ReadFunction(id, kv.value, t == "AWS::Serverless::Function");
    }
    // Pass 2: what refers to functions.
    for (const DocEntry& kv : resources_.Entries()) {
      const std::string id = kv.key.Scalar();
      const std::string& t = types_[id];
      if (t == "AWS::Lambda::EventSourceMapping") ReadEsm(id, kv.value);
      if (t == "AWS::Lambda::Alias" || t == "AWS::Lambda::Version") ReadAliasPc(id, kv.value);
    }
    if (fns_.empty())
      Fail(label_, resources_,
           "no AWS::Serverless::Function or AWS::Lambda::Function in Resources");
    if (!skipped.empty()) {
      std::string list;
      for (const auto& [t, ids] : skipped) list += (list.empty() ? "" : ", ") + t;
      Warn("skipped resources that are not Lambda-related: " + list);
    }
    int64_t reservations = 0;
    for (auto& [id, f] : order_) {
      Fn& fn = fns_.at(id);
      if (fn.pc > 0)
        Add(fn.out.fields, "provisioned_concurrency", std::to_string(fn.pc), pc_note_[id]);
      reservations += fn.reserved >= 0 ? fn.reserved : fn.pc;
      AddPlaceholderDuration(fn.out);
      s_.functions.push_back(fn.out);
      if (fn.entries == 0) {
        ImportedTraffic t{
            fn.out.name, Unique(fn.out.name), "no event in the template: direct sync calls", {}};
        AddPlaceholderRate(t, "requests");
        pending_.push_back({id, t});
      }
    }
    FitAccount(s_, reservations);
    // Traffic in function order, each function's entries in the order they were made (grouped
    // once: a scan of every entry for each function was quadratic in the template's size).
    std::map<std::string, std::vector<size_t>> by_owner;
    for (size_t k = 0; k < pending_.size(); ++k) by_owner[pending_[k].first].push_back(k);
    for (auto& [id, f] : order_)
      if (const auto it = by_owner.find(id); it != by_owner.end())
        for (const size_t k : it->second) s_.traffic.push_back(pending_[k].second);
    s_.warnings = warnings_;
    return s_;
  }

 private:
  static bool WellFormedType(const std::string& t) {
    if (t.rfind("Custom::", 0) == 0 && t.size() > 8) return true;
    size_t parts = 0, start = 0;
    while (true) {
      const size_t p = t.find("::", start);
      const std::string part =
          t.substr(start, p == std::string::npos ? std::string::npos : p - start);
      if (part.empty()) return false;
      for (char c : part)
        if (!std::isalnum(static_cast<unsigned char>(c))) return false;
      ++parts;
      if (p == std::string::npos) break;
      start = p + 2;
    }
    return parts == 3;
  }
  static bool IsEventTarget(const std::string& t) {
    return t == "AWS::SQS::Queue" || t == "AWS::Kinesis::Stream" || t == "AWS::DynamoDB::Table";
  }

  // A property of the function, or of Globals.Function for SAM functions. Neither: an undefined
  // node and "" (the callers then write the AWS default, "… not set", with no warning).
  std::pair<DocNode, std::string> Prop(const DocNode& props, bool sam, const std::string& id,
                                       const std::string& key) const {
    if (props.IsDefined() && props.IsMap() && At(props, key).IsDefined())
      return {At(props, key), "Resources." + id + ".Properties." + key};
    if (sam && globals_.IsDefined() && globals_.IsMap() && At(globals_, key).IsDefined())
      return {At(globals_, key), "Globals.Function." + key};
    return {DocNode(), ""};
  }

  void ReadFunction(const std::string& id, const DocNode& res, bool sam) {
    Fn fn;
    fn.type = sam ? "AWS::Serverless::Function" : "AWS::Lambda::Function";
    fn.out.name = SanitizeName(id);
    if (fn.out.name != id)
      Warn(Where(label_, res) + ": logical ID '" + id + "' renamed '" + fn.out.name +
           "' (function names are [A-Za-z0-9_-]+)");
    fn.out.note = "Resources." + id + " (" + fn.type + ", " + Where(label_, res) + ")";
    const DocNode props = At(res, "Properties");
    auto [mem, mem_path] = Prop(props, sam, id, "MemorySize");
    const auto memory = Int(mem, mem_path, 128, 10240);
    Add(fn.out.fields, "memory_mb", std::to_string(memory.value.value_or(128)),
        memory.value ? memory.note : "AWS default 128 MB" + memory.note, memory.todo);
    auto [to, to_path] = Prop(props, sam, id, "Timeout");
    const auto timeout = Int(to, to_path, 1, 900);
    fn.timeout_s = static_cast<double>(timeout.value.value_or(3));
    Add(fn.out.fields, "timeout", DurationText(fn.timeout_s),
        timeout.value ? timeout.note : "AWS default 3 s" + timeout.note, timeout.todo);
    auto [arch, arch_path] = Prop(props, sam, id, "Architectures");
    std::string a = "x86_64", a_note = "AWS default x86_64 (Architectures not set)";
    bool a_todo = false;
    if (arch.IsDefined()) {
      if (arch.IsSequence() && arch.size() == 1 && arch[0].IsScalar() && !IsIntrinsic(arch[0])) {
        a = arch[0].Scalar();
        if (a != "x86_64" && a != "arm64")
          Fail(label_, arch[0], arch_path + ": architecture '" + a + "' is not x86_64 or arm64");
        a_note = arch_path + " (" + Where(label_, arch) + ")";
      } else {
        Warn(Where(label_, arch) + ": " + arch_path + " cannot be resolved; using x86_64");
        a_note = arch_path + " not resolvable (" + Where(label_, arch) + "); AWS default x86_64";
        a_todo = true;
      }
    }
    Add(fn.out.fields, "architecture", a, a_note, a_todo);
    auto [rc, rc_path] = Prop(props, sam, id, "ReservedConcurrentExecutions");
    if (rc.IsDefined()) {
      const auto r = Int(rc, rc_path, 0, 10000000);
      if (r.value) {
        fn.reserved = *r.value;
        Add(fn.out.fields, "reserved_concurrency", std::to_string(*r.value), r.note);
      }
    }
    auto [pcc, pc_path] = Prop(props, sam, id, "ProvisionedConcurrencyConfig");
    if (pcc.IsDefined() && pcc.IsMap()) {
      const auto p = Int(At(pcc, "ProvisionedConcurrentExecutions"),
                         pc_path + ".ProvisionedConcurrentExecutions", 0, 10000000);
      if (p.value) {
        fn.pc = *p.value;
        pc_note_[id] = p.note;
      }
    }
    fns_.emplace(id, fn);
    order_.emplace_back(id, 0);
    if (sam && props.IsDefined() && props.IsMap() && At(props, "Events").IsMap()) {
      // Properties or Events aliased from other functions are read again for this one.
      budget_.Read(At(props, "Events"), res, "Resources." + id + ".Properties.Events");
      for (const DocEntry& ev : At(props, "Events").Entries())
        ReadEvent(id, ev.key.Scalar(), ev.value);
    }
  }

  void ReadEvent(const std::string& fid, const std::string& eid, const DocNode& ev) {
    Fn& fn = fns_.at(fid);
    const std::string path = "Resources." + fid + ".Properties.Events." + eid;
    const DocNode type = At(ev, "Type");
    if (!type.IsDefined() || !type.IsScalar())
      Fail(label_, ev, path + ": missing or non-string Type");
    const std::string& t = type.Scalar();
    const DocNode props = At(ev, "Properties");
    ImportedTraffic tr{fn.out.name,
                       Unique(SanitizeName(fn.out.name + "-" + eid)),
                       path + " (Type: " + t + ", " + Where(label_, ev) + ")",
                       {}};
    if (t == "Api" || t == "HttpApi") {
      Add(tr.fields, "via", "api-gateway", "event type " + t + ": synchronous through API Gateway");
      if (t == "HttpApi")
        Add(tr.fields, "api_gateway_timeout", "30s",
            "HTTP API integration timeout: 30 s maximum and default (API Gateway quotas)");
      AddPlaceholderRate(tr, "requests");
    } else if (t == "SQS" || t == "Kinesis" || t == "DynamoDB") {
      const std::string st = t == "SQS" ? "sqs" : t == "Kinesis" ? "kinesis" : "dynamodb";
      const DocNode target = At(props, t == "SQS" ? "Queue" : "Stream");
      AddSource(tr, st, props, path + ".Properties", Target(target), fn.timeout_s, false);
      AddPlaceholderRate(tr, st == "sqs" ? "messages" : "records");
    } else if (t == "S3" || t == "SNS" || t == "EventBridgeRule" || t == "CloudWatchEvent" ||
               t == "Schedule" || t == "ScheduleV2") {
      Add(tr.fields, "invocation", "async", "event type " + t + ": asynchronous invocation");
      AddPlaceholderRate(tr, "events");
    } else {
      Warn(Where(label_, type) + ": " + path + ": event type '" + t + "' is not modelled; skipped");
      return;
    }
    ++fn.entries;
    pending_.push_back({fid, tr});
  }

  std::optional<std::string> FunctionOf(const DocNode& n) const {
    if (auto t = RefTarget(n); t && fns_.count(*t)) return *t;
    if (n.IsScalar() && !IsIntrinsic(n)) {
      std::string s = n.Scalar();
      if (const size_t p = s.find(":function:"); p != std::string::npos) s = s.substr(p + 10);
      if (const size_t c = s.find(':'); c != std::string::npos) s.resize(c);
      if (fns_.count(s)) return s;
    }
    return std::nullopt;
  }

  void ReadEsm(const std::string& id, const DocNode& res) {
    const std::string path = "Resources." + id + ".Properties";
    const DocNode props = At(res, "Properties");
    const auto fid = FunctionOf(At(props, "FunctionName"));
    if (!fid) {
      Warn(Where(label_, res) + ": " + path +
           ".FunctionName does not name a function of this "
           "template; mapping skipped");
      return;
    }
    const DocNode arn = At(props, "EventSourceArn");
    std::string st;
    if (auto t = RefTarget(arn); t && types_.count(*t)) {
      const std::string& rt = types_.at(*t);
      st = rt == "AWS::SQS::Queue"        ? "sqs"
           : rt == "AWS::Kinesis::Stream" ? "kinesis"
           : rt == "AWS::DynamoDB::Table" ? "dynamodb"
                                          : "";
    } else if (arn.IsScalar() && !IsIntrinsic(arn)) {
      st = SourceTypeFromArn(arn.Scalar());
    }
    if (st.empty()) {
      Warn(Where(label_, res) + ": " + path +
           ".EventSourceArn: not an SQS queue, Kinesis stream "
           "or DynamoDB table this importer can resolve; mapping skipped");
      return;
    }
    Fn& fn = fns_.at(*fid);
    ImportedTraffic tr{
        fn.out.name,
        Unique(SanitizeName(fn.out.name + "-" + id)),
        "Resources." + id + " (AWS::Lambda::EventSourceMapping, " + Where(label_, res) + ")",
        {}};
    AddSource(tr, st, props, path, Target(arn), fn.timeout_s, false);
    AddPlaceholderRate(tr, st == "sqs" ? "messages" : "records");
    ++fn.entries;
    pending_.push_back({*fid, tr});
  }

  void ReadAliasPc(const std::string& id, const DocNode& res) {
    const DocNode props = At(res, "Properties");
    if (!props.IsMap() || !At(props, "ProvisionedConcurrencyConfig").IsMap()) return;
    const auto fid = FunctionOf(At(props, "FunctionName"));
    if (!fid) {
      Warn(Where(label_, res) + ": Resources." + id +
           ": FunctionName does not name a function of "
           "this template; its provisioned concurrency is skipped");
      return;
    }
    const auto p =
        Int(At(At(props, "ProvisionedConcurrencyConfig"), "ProvisionedConcurrentExecutions"),
            "Resources." + id +
                ".Properties.ProvisionedConcurrencyConfig."
                "ProvisionedConcurrentExecutions",
            0, 10000000);
    if (!p.value) return;
    fns_.at(*fid).pc += *p.value;
    pc_note_[*fid] += (pc_note_[*fid].empty() ? "" : " + ") + p.note;
  }

  // Resolution of intrinsics: a !Ref to a parameter with a Default.
  DocNode ResolveParam(const DocNode& n) const override {
    if (IntrinsicName(n) != "Ref") return DocNode();
    const auto t = RefTarget(n);
    if (!t || !params_.IsDefined() || !params_.IsMap() || !At(params_, *t).IsMap())
      return DocNode();
    return At(At(params_, *t), "Default");
  }
  // The queue or stream a mapping reads, when it is a resource of this template.
  TargetInfo Target(const DocNode& n) const {
    TargetInfo info;
    const auto id = RefTarget(n);
    if (!id || !types_.count(*id)) return info;
    const DocNode props = At(At(resources_, *id), "Properties");
    if (!props.IsDefined() || !props.IsMap()) return info;
    const std::string& t = types_.at(*id);
    if (t == "AWS::SQS::Queue") {
      const DocNode v = At(props, "VisibilityTimeout");
      if (!v.IsDefined()) {
        info.visibility_timeout_s = 30;
        info.visibility_note = "SQS default 30 s (Resources." + *id + " sets no VisibilityTimeout)";
      } else if (const auto x = ScalarInt(v); x && *x >= 0 && *x <= 43200) {
        info.visibility_timeout_s = *x;
        info.visibility_note =
            "Resources." + *id + ".Properties.VisibilityTimeout (" + Where(label_, v) + ")";
      }
    } else if (t == "AWS::Kinesis::Stream") {
      const DocNode v = At(props, "ShardCount");
      if (const auto x = ScalarInt(v); x && *x >= 1 && *x <= 100000) {
        info.shards = *x;
        info.shards_note = "Resources." + *id + ".Properties.ShardCount (" + Where(label_, v) + ")";
      }
    }
    return info;
  }

  DocNode root_, resources_, params_, globals_;
  AliasBudget budget_;
  std::map<std::string, std::string> types_;
  std::map<std::string, Fn> fns_;
  std::vector<std::pair<std::string, int>> order_;
  std::map<std::string, std::string> pc_note_;
  std::vector<std::pair<std::string, ImportedTraffic>> pending_;
  ImportedScenario s_;
};

}  // namespace

ImportedScenario ImportSam(std::string_view text, const std::string& label,
                           const std::string& scenario_name) {
  SamReader r(text, label);
  return r.Run(scenario_name);
}

}  // namespace lambdasim::import

// models/import/terraform_import.cc — Terraform plan JSON → ImportedScenario.
#include "models/import/terraform_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/import/esm_fields.h"
#include "models/import/yaml_input.h"

namespace lambdasim::import {
namespace {

// Deeper child_modules are refused (Terraform sets no limit; real plans nest a few levels).
constexpr int kMaxModuleDepth = 100;

struct Res {
  DocNode node;
  std::string path;  // JSON path of the resource
  std::string type;
  DocNode values;
};

struct Fn {
  ImportedFunction out;
  std::string function_name;  // planned value (may be empty: unknown until apply)
  double timeout_s = 3;
  int64_t reserved = -1;
  int64_t pc = 0;
  std::string pc_note;
  int entries = 0;
};

class PlanReader : public TemplateContext {
 public:
  PlanReader(std::string_view text, const std::string& label)
      : TemplateContext(label), root_(ParseDocument(text, label)) {
    const DocNode pv = At(root_, "planned_values");
    if (!pv.IsDefined() || !pv.IsMap() || !At(pv, "root_module").IsMap())
      Fail(label, pv.IsDefined() ? pv : root_,
           "no planned_values.root_module: not the JSON of `terraform show -json PLAN`");
    const DocNode root_module = At(pv, "root_module");
    AlreadyRead(root_module);  // records it: a child module may alias it
    Collect(root_module, "planned_values.root_module", 0);
  }

  ImportedScenario Run(const std::string& name) {
    AddTemplateTop(s_, name, label_);
    std::set<std::string> skipped;
    for (const Res& r : res_) {
      if (r.type == "aws_lambda_function")
        ReadFunction(r);
      else if (r.type.rfind("aws_lambda_", 0) != 0 && r.type != "aws_sqs_queue" &&
               r.type != "aws_kinesis_stream" && r.type != "aws_dynamodb_table")
        skipped.insert(r.type);
    }
    if (fns_.empty())
      Fail(label_, At(root_, "planned_values"), "no aws_lambda_function in planned_values");
    IndexFunctionsAndTargets();
    for (const Res& r : res_) {
      if (r.type == "aws_lambda_provisioned_concurrency_config") ReadPc(r);
      if (r.type == "aws_lambda_event_source_mapping") ReadEsm(r);
    }
    if (!skipped.empty()) {
      std::string list;
      for (const auto& t : skipped) list += (list.empty() ? "" : ", ") + t;
      Warn("skipped resources that are not Lambda-related: " + list);
    }
    int64_t reservations = 0;
    for (Fn& fn : fns_) {
      if (fn.pc > 0)
        Add(fn.out.fields, "provisioned_concurrency", std::to_string(fn.pc), fn.pc_note);
      reservations += fn.reserved >= 0 ? fn.reserved : fn.pc;
      AddPlaceholderDuration(fn.out);
      s_.functions.push_back(fn.out);
    }
    FitAccount(s_, reservations);
    // Each function's entries in plan order: its mappings' (pending_, grouped by function with
    // a stable sort), or a placeholder when it has none.
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    auto next = pending_.begin();
    for (size_t i = 0; i < fns_.size(); ++i) {
      if (fns_[i].entries == 0) {
        ImportedTraffic t{fns_[i].out.name,
                          labels_.Unique(fns_[i].out.name),
                          "no event source mapping in the plan: direct sync calls",
                          {}};
        AddPlaceholderRate(t, "requests");
        s_.traffic.push_back(t);
      }
      for (; next != pending_.end() && next->first == i; ++next) s_.traffic.push_back(next->second);
    }
    s_.warnings = warnings_;
    return s_;
  }

 private:
  // Terraform writes the modules as a tree: each module, and each module's resources list,
  // once. An alias can make the document a graph — `&m {child_modules: [*m]}` holds itself (the
  // walk recursed until the stack overflowed), and a module aliased twice at each of n levels
  // is read 2^n times — so a module or resources list met a second time is an error at the
  // node that repeats it, and nesting is bounded.
  void Collect(const DocNode& module, const std::string& path, int depth) {
    const DocNode rs = At(module, "resources");
    if (rs.IsDefined()) {
      if (!rs.IsSequence()) Fail(label_, rs, path + ".resources: expected a list");
      if (AlreadyRead(rs))
        Fail(label_, module,
             path + ".resources: the list at " + Where(label_, rs) +
                 " again (an alias?); a plan holds each module's resources once");
      for (size_t i = 0; i < rs.size(); ++i) {
        const std::string p = path + ".resources[" + std::to_string(i) + "]";
        const DocNode r = rs[i];
        if (!r.IsMap() || !At(r, "type").IsScalar())
          Fail(label_, r, p + ": a resource without a type");
        if (At(r, "mode").IsScalar() && At(r, "mode").Scalar() == "data") continue;
        res_.push_back({r, p, At(r, "type").Scalar(), At(r, "values")});
      }
    }
    const DocNode cm = At(module, "child_modules");
    if (!cm.IsDefined() || !cm.IsSequence() || cm.size() == 0) return;
    if (depth >= kMaxModuleDepth)
      Fail(label_, cm,
           path + ".child_modules: modules nested deeper than " + std::to_string(kMaxModuleDepth) +
               " levels");
    for (size_t i = 0; i < cm.size(); ++i) {
      const std::string p = path + ".child_modules[" + std::to_string(i) + "]";
      if (cm[i].IsMap() && AlreadyRead(cm[i]))
        Fail(label_, cm,
             p + ": the module at " + Where(label_, cm[i]) +
                 " again (a cyclic or repeated alias?); a plan holds each module once");
      Collect(cm[i], p, depth + 1);
    }
  }

  // True when this walk met n before (the same node: an alias and its anchor are); otherwise
  // n is recorded as met. Nodes are looked up by position first (an alias has its anchor's),
  // then compared by identity.
  bool AlreadyRead(const DocNode& n) {
    const std::pair<int, int> at{n.line(), n.column()};
    for (auto [it, end] = read_.equal_range(at); it != end; ++it)
      if (it->second.Is(n)) return true;
    read_.emplace(at, n);
    return false;
  }

  static std::string Str(const DocNode& values, const char* key) {
    if (!values.IsMap()) return "";
    const DocNode n = At(values, key);
    return n.IsDefined() && n.IsScalar() ? n.Scalar() : "";
  }
  std::string Address(const Res& r) const {
    const std::string a = Str(r.node, "address");
    return a.empty() ? r.path : a;
  }

  void ReadFunction(const Res& r) {
    Fn fn;
    fn.function_name = Str(r.values, "function_name");
    const std::string raw = fn.function_name.empty() ? Str(r.node, "name") : fn.function_name;
    fn.out.name = Unique(SanitizeName(raw));
    if (fn.out.name != raw)
      Warn(Where(label_, r.node) + ": function name '" + raw + "' renamed '" + fn.out.name +
           (SanitizeName(raw) == raw ? "' (the name is already used in the plan)"
                                     : "' (function names are [A-Za-z0-9_-]+)"));
    if (fn.function_name.empty())
      Warn(Where(label_, r.node) + ": " + Address(r) +
           ": function_name unknown until apply; using the resource name");
    fn.out.note = Address(r) + " (" + Where(label_, r.node) + ")";
    const std::string vp = r.path + ".values.";
    auto get = [&](const char* k) { return At(r.values, k); };
    const auto mem = Int(get("memory_size"), vp + "memory_size", 128, 10240);
    Add(fn.out.fields, "memory_mb", std::to_string(mem.value.value_or(128)),
        mem.value ? mem.note : "AWS default 128 MB" + mem.note);
    const auto to = Int(get("timeout"), vp + "timeout", 1, 900);
    fn.timeout_s = static_cast<double>(to.value.value_or(3));
    Add(fn.out.fields, "timeout", DurationText(fn.timeout_s),
        to.value ? to.note : "AWS default 3 s" + to.note);
    std::string arch = "x86_64", arch_note = "AWS default x86_64 (architectures not set)";
    const DocNode a = get("architectures");
    if (a.IsDefined() && a.IsSequence() && a.size() == 1 && a[0].IsScalar()) {
      arch = a[0].Scalar();
      if (arch != "x86_64" && arch != "arm64")
        Fail(label_, a[0], vp + "architectures[0]: '" + arch + "' is not x86_64 or arm64");
      arch_note = vp + "architectures (" + Where(label_, a) + ")";
    }
    Add(fn.out.fields, "architecture", arch, arch_note);
    const auto rc = Int(get("reserved_concurrent_executions"),
                        vp + "reserved_concurrent_executions", -1, 10000000);
    if (rc.value && *rc.value >= 0) {
      fn.reserved = *rc.value;
      Add(fn.out.fields, "reserved_concurrency", std::to_string(*rc.value), rc.note);
    }
    fns_.push_back(fn);
  }

  // Lookups for the provisioned-concurrency and mapping resources, built once all functions
  // are read: a function by its planned name and by its scenario name (the first of each), and
  // the queue and stream facts a mapping's target name finds (the last resource of that name
  // that sets them, as a scan of every resource in plan order would find). Without them each
  // such resource scanned every function and resource: quadratic, 3.3 s for 4 000 functions
  // with a mapping each and tens of minutes at the 64 MiB input limit.
  void IndexFunctionsAndTargets() {
    for (size_t i = 0; i < fns_.size(); ++i) {
      if (!fns_[i].function_name.empty()) by_function_name_.try_emplace(fns_[i].function_name, i);
      by_out_name_.try_emplace(fns_[i].out.name, i);
    }
    for (const Res& q : res_) {
      const bool sqs = q.type == "aws_sqs_queue";
      if (!sqs && q.type != "aws_kinesis_stream") continue;
      const DocNode v = q.values;
      const std::string name = Str(v, "name");
      if (sqs) {
        if (const auto x = ScalarInt(At(v, "visibility_timeout_seconds"))) {
          TargetInfo& t = targets_[name];
          t.visibility_timeout_s = *x;
          t.visibility_note = Address(q) + ".visibility_timeout_seconds (" +
                              Where(label_, At(v, "visibility_timeout_seconds")) + ")";
        }
      } else if (const auto x = ScalarInt(At(v, "shard_count")); x && *x >= 1) {
        TargetInfo& t = targets_[name];
        t.shards = *x;
        t.shards_note = Address(q) + ".shard_count (" + Where(label_, At(v, "shard_count")) + ")";
      }
    }
  }

  // The function a function_name value (name or ARN, maybe with a qualifier) names: the first
  // whose planned or scenario name it is.
  std::optional<size_t> FunctionOf(const Res& r) const {
    std::string s = Str(r.values, "function_name");
    if (const size_t p = s.find(":function:"); p != std::string::npos) s = s.substr(p + 10);
    if (const size_t c = s.find(':'); c != std::string::npos) s.resize(c);
    if (s.empty()) return fns_.size() == 1 ? std::optional<size_t>(0) : std::nullopt;
    std::optional<size_t> found;
    if (const auto it = by_function_name_.find(s); it != by_function_name_.end())
      found = it->second;
    if (const auto it = by_out_name_.find(s); it != by_out_name_.end())
      found = found ? std::min(*found, it->second) : it->second;
    return found;
  }

  void ReadPc(const Res& r) {
    const auto i = FunctionOf(r);
    if (!i) {
      Warn(Where(label_, r.node) + ": " + Address(r) +
           ": function_name does not name a function of the plan; skipped");
      return;
    }
    const auto pc = Int(At(r.values, "provisioned_concurrent_executions"),
                        r.path + ".values.provisioned_concurrent_executions", 0, 10000000);
    if (!pc.value) return;
    fns_[*i].pc += *pc.value;
    fns_[*i].pc_note += (fns_[*i].pc_note.empty() ? "" : " + ") + Address(r) + ": " + pc.note;
  }

  void ReadEsm(const Res& r) {
    const auto i = FunctionOf(r);
    const std::string arn = Str(r.values, "event_source_arn");
    const std::string st = SourceTypeFromArn(arn);
    if (!i || st.empty()) {
      Warn(Where(label_, r.node) + ": " + Address(r) + ": " +
           (!i ? "function_name does not name a function of the plan"
               : "event_source_arn unknown or not SQS/Kinesis/DynamoDB") +
           "; skipped");
      return;
    }
    Fn& fn = fns_[*i];
    const std::string tail = arn.substr(arn.rfind(':') + 1);
    const auto found = targets_.find(tail);
    const TargetInfo target = found != targets_.end() ? found->second : TargetInfo{};
    ImportedTraffic tr{fn.out.name,
                       labels_.Unique(SanitizeName(fn.out.name + "-" + Str(r.node, "name"))),
                       Address(r) + " (" + Where(label_, r.node) + ")",
                       {}};
    AddSource(tr, st, r.values, r.path + ".values", target, fn.timeout_s, true);
    AddPlaceholderRate(tr, st == "sqs" ? "messages" : "records");
    ++fn.entries;
    pending_.push_back({*i, tr});
  }

  // Traffic labels (function names use the base's Unique: two namespaces).
  struct Labels : TemplateContext {
    Labels() : TemplateContext("") {}
    using TemplateContext::Unique;
  } labels_;
  DocNode root_;
  std::multimap<std::pair<int, int>, DocNode> read_;  // AlreadyRead
  std::vector<Res> res_;
  std::vector<Fn> fns_;
  std::vector<std::pair<size_t, ImportedTraffic>> pending_;  // (function, entry), plan order
  std::unordered_map<std::string, size_t> by_function_name_, by_out_name_;  // first index
  std::unordered_map<std::string, TargetInfo> targets_;  // by queue or stream name
  ImportedScenario s_;
};

}  // namespace

ImportedScenario ImportTerraform(std::string_view text, const std::string& label,
                                 const std::string& scenario_name) {
  PlanReader r(text, label);
  return r.Run(scenario_name);
}

}  // namespace lambdasim::import

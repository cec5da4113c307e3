// models/load/key_table.cc — the scenario key table (see key_table.h): KeyDef's builders, and
// the assembly of every section of the scenario language in documentation order. The keys
// themselves are declared in key_table_account.cc, key_table_function.cc and
// key_table_traffic.cc (see key_table_sections.h). To add a key: declare it in the file of its
// section (with a setter when the loader may store it without a relational check), use it in the
// code that needs it, and run `lambdasim schema --update-readme scenarios/README.md`.
#include "models/load/key_table.h"

#include "models/load/key_table_sections.h"

#include <fmt/format.h>

#include <deque>
#include <stdexcept>
#include <utility>

namespace lambdasim {

KeyDef& KeyDef::Unit(std::string u) {
  unit = std::move(u);
  return *this;
}
KeyDef& KeyDef::Default(std::string d) {
  default_text = std::move(d);
  return *this;
}
KeyDef& KeyDef::Required() {
  required = true;
  default_text = "**required**";
  return *this;
}
KeyDef& KeyDef::Limits(std::string l) {
  limits_text = std::move(l);
  return *this;
}
KeyDef& KeyDef::Help(std::string h) {
  help = std::move(h);
  return *this;
}
KeyDef& KeyDef::AppliesTo(std::string a) {
  applies_to = std::move(a);
  return *this;
}
KeyDef& KeyDef::Int(int64_t lo, int64_t hi) {
  type = KeyType::kInteger;
  int_min = lo;
  int_max = hi;
  return *this;
}
KeyDef& KeyDef::Unsigned() {
  type = KeyType::kUnsigned;
  return *this;
}
KeyDef& KeyDef::Number(double lo, double hi) {
  type = KeyType::kNumber;
  num_min = lo;
  num_max = hi;
  return *this;
}
KeyDef& KeyDef::Dur(sim::Duration lo, sim::Duration hi) {
  type = KeyType::kDuration;
  dur_min = lo;
  dur_max = hi;
  return *this;
}
KeyDef& KeyDef::Rate(bool zero_ok) {
  type = KeyType::kRate;
  allow_zero = zero_ok;
  num_min = 0;
  num_max = 1e9;
  unit = "requests/s";
  return *this;
}
KeyDef& KeyDef::Choices(std::vector<std::string> c) {
  type = KeyType::kEnum;
  choices = std::move(c);
  return *this;
}
KeyDef& KeyDef::Type(KeyType t) {
  type = t;
  return *this;
}
KeyDef& KeyDef::Section(const KeySection& s, KeyType t) {
  section = &s;
  type = t;
  return *this;
}
KeyDef& KeyDef::Schema(std::string json) {
  type = KeyType::kSpecial;
  schema_json = std::move(json);
  return *this;
}
KeyDef& KeyDef::Dist(sim::Duration lo, sim::Duration hi) {
  type = KeyType::kDistribution;
  dur_min = lo;
  dur_max = hi;
  return *this;
}

KeyDef Key(std::string name) {
  KeyDef k;
  k.name = std::move(name);
  return k;
}

const KeyDef* KeySection::Find(std::string_view name) const {
  for (const auto& k : keys)
    if (k.name == name) return &k;

  return nullptr;
}

const KeyDef& KeySection::Get(std::string_view name) const {
  if (const KeyDef* k = Find(name)) return *k;
  throw std::logic_error("key table: no key '" + std::string(name) + "' in section " + id);
}

const KeySection& ScenarioKeys::Section(std::string_view id) const {
  for (const KeySection* s : sections)
    if (s->id == id) return *s;
  throw std::logic_error("key table: no section " + std::string(id));
}

bool KeyAppliesTo(const KeyDef& def, std::string_view variant) {
  if (def.applies_to.empty() || variant.empty()) return true;
  // applies_to is a ", "-separated list of variants.
  std::string_view rest = def.applies_to;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item == variant) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

namespace {

struct Builder {
  std::deque<KeySection> storage;  // stable addresses
  ScenarioKeys table;

  KeySection& Add(std::string id, std::string title) {
    storage.push_back(KeySection{std::move(id), std::move(title), {}, {}, {}, {}});
    return storage.back();
  }
  void Finish() {
    for (KeySection& s : storage) {
      for (const KeyDef& k : s.keys) s.names.push_back(k.name);
      table.sections.push_back(&s);
    }
  }
};
ScenarioKeys* Build() {
  static Builder b;
  const PlatformProfile profile;
  const PlatformLimits& lim = profile.limits;

  // Sections are created first (their keys refer to one another by pointer), filled below.
  KeySection& top = b.Add("scenario", "Top level");
  KeySection& scaling = b.Add("scaling", "`scaling:`");
  KeySection& account = b.Add("account", "`account:`");
  KeySection& pricing = b.Add("pricing", "`pricing:` (prices and billing rules)");
  KeySection& api_gateway = b.Add("api_gateway", "`api_gateway:` (API Gateway's account throttle)");
  KeySection& function = b.Add("function", "A function (`functions.<name>:`)");
  KeySection& dist = b.Add("distribution", "A distribution (`{ dist: KIND, ... }`)");
  KeySection& pc_step = b.Add("function.provisioned_schedule", "`provisioned_schedule:` entries");
  KeySection& autoscaling = b.Add("function.provisioned_autoscaling", "`provisioned_autoscaling:`");
  KeySection& pc_delay =
      b.Add("function.provisioned_allocation_delay", "`provisioned_allocation_delay:`");
  KeySection& hybrid = b.Add("function.hybrid_keep_alive", "`hybrid_keep_alive:`");
  KeySection& async = b.Add("function.async", "`async:` (asynchronous invocation)");
  KeySection& retry_delays = b.Add("function.async.retry_delays", "`async.retry_delays:`");
  KeySection& throttle_backoff =
      b.Add("function.async.throttle_backoff", "`async.throttle_backoff:`");
  KeySection& calls = b.Add("function.calls", "`calls:` entries (Lambda calling Lambda)");
  KeySection& managed =
      b.Add("function.managed_instances", "`managed_instances:` (Lambda Managed Instances)");
  KeySection& tenant_isolation =
      b.Add("function.tenant_isolation", "`tenant_isolation:` (tenant isolation mode)");
  KeySection& traffic = b.Add("traffic", "A traffic entry (`traffic:` list item)");
  KeySection& client = b.Add("traffic.client", "`client:` as a mapping (custom retries)");
  KeySection& phase = b.Add("traffic.phases", "`phases:` entries (Artillery style)");
  KeySection& stage = b.Add("traffic.stages", "`stages:` entries (k6 ramping-arrival-rate)");
  KeySection& spike = b.Add("traffic.spike", "`spike:`");
  KeySection& burst = b.Add("traffic.spike.bursts", "`spike.bursts:` entries");
  KeySection& diurnal = b.Add("traffic.diurnal", "`diurnal:`");
  KeySection& mmpp = b.Add("traffic.mmpp", "`mmpp:` (Markov-modulated Poisson process)");
  KeySection& mmpp_state = b.Add("traffic.mmpp.states", "`mmpp.states:` entries");
  KeySection& trace = b.Add("traffic.trace", "`trace:` (trace replay)");
  KeySection& source = b.Add("traffic.source", "`source:` (event source mapping)");
  KeySection& api_gateway_throttle =
      b.Add("traffic.api_gateway_throttle",
            "`api_gateway_throttle:` (stage / route / usage-plan throttle)");
  KeySection& fanout = b.Add("fanout", "`fanout:` entries (SNS topics, EventBridge rules)");
  KeySection& fanout_target = b.Add("fanout.targets", "`fanout[].targets:` entries");
  KeySection& map = b.Add("traffic.map", "`map:` (a Step Functions Map state started per arrival)");
  KeySection& map_retry =
      b.Add("traffic.map.retry", "`map.retry:` (the Task's Retrier for Lambda throttles)");
  KeySection& provisioned_pollers = b.Add("traffic.source.provisioned_pollers",
                                          "`source.provisioned_pollers:` (provisioned mode)");

  const key_table::Sections sections{top,
                                     scaling,
                                     account,
                                     pricing,
                                     function,
                                     dist,
                                     pc_step,
                                     autoscaling,
                                     pc_delay,
                                     hybrid,
                                     async,
                                     retry_delays,
                                     throttle_backoff,
                                     traffic,
                                     client,
                                     phase,
                                     stage,
                                     spike,
                                     burst,
                                     diurnal,
                                     mmpp,
                                     mmpp_state,
                                     trace,
                                     source,
                                     fanout,
                                     fanout_target,
                                     map,
                                     map_retry,

                                     calls};
  key_table::FillAccountKeys(sections);
  key_table::FillFunctionKeys(sections, lim);
  key_table::FillTrafficKeys(sections, lim);
  key_table::FillPollerKeys(source, provisioned_pollers, lim);
  key_table::FillApiGatewayKeys(top, traffic, api_gateway, api_gateway_throttle, lim);
  key_table::FillManagedInstancesKeys(function, managed, profile);
  key_table::FillSnapStartTenantKeys(function, tenant_isolation, profile);
  b.Finish();
  return &b.table;
}

}  // namespace

const ScenarioKeys& ScenarioKeyTable() {
  static const ScenarioKeys* table = Build();
  return *table;
}

}  // namespace lambdasim

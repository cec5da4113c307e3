// models/load/load_gateway.cc — API Gateway in the scenario: the top-level `api_gateway:` (the
// account's throttle in the Region) and a traffic entry's `via:` and `api_gateway_throttle:`
// (keys in key_table_gateway.cc; the model is models/lambda/api_gateway.h).
#include <cmath>
#include <string>

#include "models/load/scenario_walk.h"

namespace lambdasim::load {
namespace {

// `rate_limit` in requests per second → milli-requests per second, exact from here on. A
// positive rate that rounds to 0 would refill nothing: reported, not silently made a block.
std::optional<int64_t> RateMrps(Ctx& ctx, const Val& v, const KeyDef& def) {
  const auto r = ReadKey(ctx, v, def);
  if (!r) return std::nullopt;
  const double mrps = std::round(r->number * 1000);
  if (r->number > 0 && mrps < 1) {
    ctx.Error(v.path, v.mark(),
              "'rate_limit' " + Num(r->number) +
                  " /s is below the 0.001 /s resolution of API Gateway buckets here (write 0 "
                  "for a bucket that never refills)");
    return std::nullopt;
  }
  return static_cast<int64_t>(mrps);
}

// The keys of one throttle mapping over `out` (which holds the defaults).
void ReadThrottle(Ctx& ctx, const Val& v, const KeySection& keys, ApiGatewayThrottle& out) {
  Fields f(ctx, v, keys.names);
  if (!f.ok()) return;
  if (auto e = f.Get("rate_limit"))
    if (auto x = RateMrps(ctx, *e, keys.Get("rate_limit"))) out.rate_mrps = *x;
  if (auto e = f.Get("burst_limit"))
    if (auto x = ReadKey(ctx, *e, keys.Get("burst_limit"))) out.burst = x->integer;
}

}  // namespace

void ParseApiGateway(Ctx& ctx, const Val& v, ScenarioSpec& spec) {
  if (v.node.IsNull()) return;  // `api_gateway:` with no value: the profile's
  ReadThrottle(ctx, v, Keys("api_gateway"), spec.api_gateway);
}

void ParseTrafficVia(Ctx& ctx, const Fields& f, const ScenarioSpec& spec, TrafficSpec& t) {
  const KeySection& keys = Keys("traffic");
  const std::optional<Val> via_v = f.Get("via");
  if (via_v) {
    if (auto x = ReadKey(ctx, *via_v, keys.Get("via"))) {
      t.via_api_gateway = x->text == "api-gateway";
      t.via_function_url = x->text == "function-url";
    }
    // API Gateway or a function URL in front of a queue, stream or topic is not modelled: their
    // requests invoke a function directly.
    if ((t.via_api_gateway || t.via_function_url) &&
        (t.topic_index || t.source.type != SourceType::kDirect))
      ctx.Error(via_v->path, via_v->mark(),
                "'via: " + std::string(t.via_api_gateway ? "api-gateway" : "function-url") +
                    "' applies to entries that invoke a function (sync or async), not to a '" +
                    (t.topic_index ? "topic" : "source") + "' entry");
  }
  if (t.via_api_gateway) t.api_gateway_timeout = spec.platform.limits.api_gateway_timeout_default;
  if (auto e = f.Get("api_gateway_timeout")) {
    if (t.via_function_url)
      ctx.Error(e->path, e->key_mark,
                "'api_gateway_timeout' does not apply to 'via: function-url': a function URL "
                "waits for the function's own timeout (up to 900 s)");
    else if (auto x = ReadKey(ctx, *e, keys.Get("api_gateway_timeout")))
      t.api_gateway_timeout = x->duration;
  }
  // `api_gateway_throttle:` with no value (or `--set …=null`): none.
  if (auto e = f.Get("api_gateway_throttle"); e && !e->node.IsNull()) {
    if (!t.via_api_gateway) {
      ctx.Error(e->path, e->key_mark,
                "'api_gateway_throttle' needs 'via: api-gateway' (the entry does not pass API "
                "Gateway)");
      return;
    }
    ApiGatewayThrottle route = spec.api_gateway;  // an unset side is the account's
    ReadThrottle(ctx, *e, Keys("traffic.api_gateway_throttle"), route);
    t.api_gateway_throttle = route;
  }
}

}  // namespace lambdasim::load

// `lambdasim init [FILE] [--force]` — writes a commented starter scenario (default
// scenario.yaml) that validates and runs as is: one synchronous API function behind API
// Gateway, a warm-up, an `expect:` threshold, and a comment on every value saying what to
// change. Never overwrites an existing file without --force; written through a temp file and a
// rename, so a file is either whole or absent. The starter is checked by the real loader
// before it is written (tests/init_cli_test.sh runs init → validate → run).
#include <cctype>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "models/cli/cli.h"
#include "models/import/scenario_writer.h"

namespace lambdasim::cli {
namespace {

constexpr const char* kStarter =
    R"(# A lambdasim scenario: what traffic reaches which functions, under which AWS limits.
# Every key, unit, default and limit: scenarios/README.md. Run it with
#   lambdasim run NAME.yaml            (table on the terminal, files in out/NAME/)
# and change one thing at a time: the rate, the duration, the limits.
name: NAME
duration: 10m            # measured simulated time (compound durations work: 1h30m)
warmup: 2m               # run this long first at the t = 0 rate, so you measure steady state;
                         # 0s shows the cold start from zero environments instead
seed: 1                  # same scenario + seed = same results, byte for byte
bucket: 1m               # time-series resolution (CloudWatch's default)

account:
  concurrency_limit: 1000   # your account's quota (Service Quotas: "Concurrent executions")
  unreserved_minimum: 100   # AWS keeps 100 unreserved; reservations cannot take it

functions:
  api:
    memory_mb: 1024         # 128 .. 10240; price scales with it
    architecture: x86_64    # or arm64 (about 20 % cheaper per GB-s)
    timeout: 29s            # function timeout; API Gateway gives up at 29 s anyway
    duration: { dist: lognormal, median: 120ms, p99: 900ms }   # from your p50/p99
    init_duration: { dist: constant, value: 400ms }            # cold-start INIT phase
    # reserved_concurrency: 200       # caps the function and guarantees it that much
    # provisioned_concurrency: 50     # pre-initialised environments, billed while allocated

traffic:
  - function: api
    via: api-gateway        # synchronous, 29 s integration timeout
    arrivals: poisson
    rate: 300               # requests per second; try `stages:` for a ramp (scenarios/README.md)

expect:                     # `lambdasim check` fails (exit 99) when one breaks
  - functions.api.throttle_rate <= 0.001
  - functions.api.latency_p99_ms <= 2000
)";

std::string StarterFor(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  if (stem.empty() || stem == "." || stem == "..") stem = "scenario";
  std::string name;
  for (char c : stem)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  std::string text = kStarter;
  for (size_t at = text.find("NAME"); at != std::string::npos; at = text.find("NAME", at))
    text.replace(at, 4, name);
  return text;
}

int CommandInit(const std::string& path, bool force) {
  const std::string text = StarterFor(path);
  try {
    (void)LoadScenarioString(text, path);  // the starter must always validate
  } catch (const ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInternal;
  }
  std::error_code ec;
  if (!force && std::filesystem::exists(path, ec)) {
    std::cerr << "lambdasim init: " << path
              << " exists; pass --force to replace it, or name another file\n";
    return kExitOutput;
  }
  const std::string err = WriteFileWhole(path, text);
  if (!err.empty()) {
    std::cerr << "lambdasim init: " << err << "\n";
    return kExitOutput;
  }
  std::cout << "wrote " << path << " — run it with: lambdasim run " << path << "\n";
  return kExitOk;
}

}  // namespace

void RegisterInitCommands(CLI::App& app, Registry& registry) {
  auto path = std::make_shared<std::string>("scenario.yaml");
  auto force = std::make_shared<bool>(false);
  auto* init = app.add_subcommand("init", "Write a commented starter scenario to FILE");
  init->add_option("file", *path, "Where to write it (default scenario.yaml)");
  init->add_flag("--force", *force, "Replace an existing file");
  init->footer(
      "Examples:\n"
      "  lambdasim init                      # scenario.yaml in this directory\n"
      "  lambdasim init checkout.yaml && lambdasim run checkout.yaml\n");
  registry.Add(init, [path, force] { return CommandInit(*path, *force); });
}

}  // namespace lambdasim::cli

// `lambdasim import sam|terraform|cloudwatch` — a scenario YAML from what a planner already has
// (models/import/). The YAML is validated by the real loader before anything is written; with
// --out it is written through a temp file and a rename (never half-written), otherwise printed
// on stdout. Warnings (values that fell back to AWS defaults, skipped resources) go to stderr.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "models/cli/cli.h"
#include "models/import/cloudwatch_import.h"
#include "models/import/sam_import.h"
#include "models/import/terraform_import.h"
#include "models/spec/input_file.h"

namespace lambdasim::cli {
namespace {

struct ImportArgs {
  std::string input;
  std::string out;
  std::vector<std::string> rates;
  // cloudwatch
  std::string function, invocations, duration, concurrency, throttles;
};

// An input file: a regular file of at most import::kMaxInputBytes (ReadInputFile refuses a
// FIFO, a device such as /dev/zero, a directory, and says what the file is: `what`).
std::string ReadInput(const std::string& path, std::string_view what) {
  return ReadInputFile(path, what, import::kMaxInputBytes);
}

// The scenario's name: the --out file's stem, else the input's.
std::string NameFor(const std::string& out, const std::string& input) {
  std::string p = out.empty() ? input : out;
  p = p.substr(p.find_last_of('/') == std::string::npos ? 0 : p.find_last_of('/') + 1);
  if (const size_t dot = p.find('.'); dot != std::string::npos) p.resize(dot);
  return import::SanitizeName(p);
}

int Emit(import::ImportedScenario& s, const ImportArgs& a, const std::string& csv = "",
         const std::string& csv_path = "") {
  import::ApplyRates(s, a.rates);
  const std::string text = import::WriteScenarioYaml(s);
  // The observed CSV first: the scenario names it, and the loader reads it while validating.
  if (!csv_path.empty()) {
    if (const std::string why = WriteFileWhole(csv_path, csv); !why.empty()) {
      std::cerr << "lambdasim import: " << why << "\n";
      return kExitOutput;
    }
  }
  try {
    import::ValidateScenarioText(text, a.out.empty() ? "<imported scenario>" : a.out);
  } catch (...) {
    if (!csv_path.empty()) std::remove(csv_path.c_str());
    throw;
  }
  for (const auto& w : s.warnings) std::cerr << "lambdasim import: warning: " << w << "\n";
  if (a.out.empty()) {
    std::cout << text;
    return kExitOk;
  }
  if (const std::string why = WriteFileWhole(a.out, text); !why.empty()) {
    std::cerr << "lambdasim import: " << why << "\n";
    return kExitOutput;
  }
  std::cerr << "lambdasim import: wrote " << a.out << (csv_path.empty() ? "" : " and " + csv_path)
            << "\n";
  return kExitOk;
}

void AddCommon(CLI::App* sub, ImportArgs& a, bool rates) {
  sub->add_option("--out", a.out, "Write the scenario here (default: stdout)");
  if (rates)
    sub->add_option("--rate", a.rates,
                    "NAME=RPS: rate of a traffic entry (its label, or a function with one entry); "
                    "repeatable")
        ->take_all();
}

}  // namespace

void RegisterImportCommands(CLI::App& app, Registry& registry) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* imp =
      app.add_subcommand("import",
                         "Write a scenario from a SAM/CloudFormation template, a Terraform plan or "
                         "CloudWatch metrics");
  imp->require_subcommand(1);

  CLI::App* sam =
      imp->add_subcommand("sam", "From a SAM or CloudFormation template (YAML or JSON)");
  sam->add_option("TEMPLATE", a->input, "template.yaml / template.json")->required();
  AddCommon(sam, *a, true);
  sam->footer(
      "Examples:\n  lambdasim import sam template.yaml --out checkout.yaml --rate "
      "CheckoutFunction-Api=1200\n  lambdasim import sam template.json > s.yaml");
  registry.Add(sam, [a] {
    auto s =
        import::ImportSam(ReadInput(a->input, "template"), a->input, NameFor(a->out, a->input));
    return Emit(s, *a);
  });

  CLI::App* tf = imp->add_subcommand("terraform", "From `terraform show -json PLAN` output");
  tf->add_option("PLAN", a->input, "plan.json")->required();
  AddCommon(tf, *a, true);
  tf->footer(
      "Example:\n  terraform show -json tfplan > plan.json && lambdasim import terraform plan.json "
      "--out s.yaml");
  registry.Add(tf, [a] {
    auto s = import::ImportTerraform(ReadInput(a->input, "Terraform plan"), a->input,
                                     NameFor(a->out, a->input));
    return Emit(s, *a);
  });

  CLI::App* cw = imp->add_subcommand(
      "cloudwatch", "From `aws cloudwatch get-metric-statistics` / `get-metric-data` JSON");
  cw->add_option("--function", a->function, "Function name in the scenario")->required();
  cw->add_option("--invocations", a->invocations, "Invocations (Sum) per period")->required();
  cw->add_option("--duration", a->duration, "Duration (p50 and p99, or Average)");
  cw->add_option("--concurrency", a->concurrency,
                 "ConcurrentExecutions (Maximum), kept as observed");
  cw->add_option("--throttles", a->throttles, "Throttles (Sum), kept as observed");
  AddCommon(cw, *a, false);
  cw->footer(
      "Example:\n  aws cloudwatch get-metric-statistics --namespace AWS/Lambda --metric-name "
      "Invocations \\\n    --dimensions Name=FunctionName,Value=checkout --statistics Sum --period "
      "60 ... > inv.json\n  lambdasim import cloudwatch --function checkout --invocations inv.json "
      "--duration dur.json --out checkout.yaml\n"
      "With --out, observed invocations/concurrency/throttles per period go to "
      "<out>.observed.csv.");
  registry.Add(cw, [a] {
    constexpr std::string_view kMetrics = "CloudWatch metrics file";
    import::CloudWatchInputs in;
    in.function = a->function;
    in.invocations = {a->invocations, ReadInput(a->invocations, kMetrics)};
    if (!a->duration.empty()) in.duration = {a->duration, ReadInput(a->duration, kMetrics)};
    if (!a->concurrency.empty())
      in.concurrency = {a->concurrency, ReadInput(a->concurrency, kMetrics)};
    if (!a->throttles.empty()) in.throttles = {a->throttles, ReadInput(a->throttles, kMetrics)};
    std::string csv_path;
    if (!a->out.empty()) {
      csv_path = a->out + ".observed.csv";
      in.observed_csv_name = csv_path.substr(
          csv_path.find_last_of('/') == std::string::npos ? 0 : csv_path.find_last_of('/') + 1);
    }
    auto r = import::ImportCloudWatch(
        in, a->out.empty() ? import::SanitizeName(a->function) : NameFor(a->out, a->invocations));
    if (a->out.empty())
      r.scenario.warnings.push_back(
          "observed CSV not written (give --out to keep it beside the "
          "scenario)");
    return Emit(r.scenario, *a, r.observed_csv, csv_path);
  });
}

}  // namespace lambdasim::cli

// `lambdasim schema` — the scenario language from the loader's key table
// (models/load/key_table.h): a JSON Schema (draft 2020-12) on stdout for editors and
// validators; `--markdown` the key tables; `--update-readme FILE` rewrites the marked key
// tables of scenarios/README.md in place; `--check-readme FILE` exits 99 when they differ.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "models/cli/cli.h"
#include "models/load/schema.h"

namespace lambdasim::cli {
namespace {

struct SchemaArgs {
  bool markdown = false;
  std::string update_readme;
  std::string check_readme;
};

int CommandSchema(const SchemaArgs& args) {
  if (args.markdown) {
    std::cout << KeyTablesMarkdown();
    return kExitOk;
  }
  const std::string& file = args.update_readme.empty() ? args.check_readme : args.update_readme;
  if (file.empty()) {
    std::cout << ScenarioJsonSchema();
    return kExitOk;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << file << ": cannot open file for reading\n";
    return kExitInvalidInput;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  std::vector<std::string> problems, missing;
  const std::string updated = UpdateKeyTables(text, &problems, &missing);
  for (const auto& p : problems) std::cerr << file << ": " << p << "\n";
  for (const auto& m : missing)
    std::cerr << file << ": no table for key section '" << m << "' (add <!-- keys:" << m
              << " --> and <!-- /keys:" << m << " --> where it belongs)\n";
  if (!problems.empty() || !missing.empty()) return kExitInvalidInput;
  if (!args.check_readme.empty()) {
    if (updated == text) return kExitOk;
    std::cerr << file << ": key tables differ from the key table; run lambdasim schema "
              << "--update-readme " << file << "\n";
    return kExitThreshold;
  }
  if (updated != text) {
    const std::string tmp = file + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << updated;
      if (!out) {
        std::cerr << tmp << ": cannot write\n";
        return kExitOutput;
      }
    }
    if (std::rename(tmp.c_str(), file.c_str()) != 0) {
      std::cerr << file << ": cannot replace\n";
      return kExitOutput;
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterSchemaCommands(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* sub = app.add_subcommand(
      "schema", "Print a JSON Schema (draft 2020-12) of the scenario language (for editors)");
  auto* update = sub->add_option("--update-readme", args->update_readme,
                                 "Rewrite the marked key tables of this Markdown file");
  auto* check = sub->add_option("--check-readme", args->check_readme,
                                "Exit 99 when this Markdown file's key tables are out of date");
  update->excludes(check);
  sub->add_flag("--markdown", args->markdown, "Print every key table, with its markers")
      ->excludes(update)
      ->excludes(check);
  sub->footer(
      "Examples:\n"
      "  lambdasim schema > lambdasim.schema.json      # for editors (yaml-language-server)\n"
      "  lambdasim schema --check-readme scenarios/README.md\n");
  registry.Add(sub, [args] { return CommandSchema(*args); });
}

}  // namespace lambdasim::cli

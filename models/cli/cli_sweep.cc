// `lambdasim sweep` and `lambdasim merge`.
#include <charconv>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/core.h>

#include "models/cli/cli.h"
#include "models/output/output_writer.h"
#include "models/run/sweep.h"
#include "sim/interrupt.h"

namespace lambdasim::cli {

namespace {

struct SweepArgs {
  std::string file;
  std::string out_dir;
  unsigned jobs = 1;
  bool list = false;
  size_t run = 0;
  bool run_given = false;
  std::string shard;
  bool mpi = false;
  bool quiet = false;
};

bool ParseShard(const std::string& text, size_t* index, size_t* count) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  auto num = [](std::string_view s, size_t* out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  return num(std::string_view(text).substr(0, slash), index) &&
         num(std::string_view(text).substr(slash + 1), count) && *count >= 1 && *index < *count;
}

std::string DefaultOutDir(const std::string& sweep_file) {
  return "out/sweep-" + std::filesystem::path(sweep_file).stem().string();
}

int CommandSweep(const SweepArgs& args) {
  SweepPlan plan;
  try {
    plan = PrepareSweep(LoadSweepFile(args.file));
  } catch (const ScenarioError& e) {
    PrintDiagnostics(e);
    return kExitInvalidInput;
  }
  const size_t variants = VariantCount(plan.sweep);

  if (args.list) {
    std::string out = "run,variant,replication";
    for (const auto& a : plan.sweep.vary) out += "," + CsvField(a.path);
    out += "\n";
    for (size_t r = 0; r < plan.runs; ++r) {
      const RunId id = RunAt(plan.sweep, r);
      out += fmt::format("{},{},{}", r, id.variant, id.replication);
      for (const auto& o : VariantOverrides(plan.sweep, id.variant)) out += "," + CsvField(o.value);
      out += "\n";
    }
    std::cout << out;
    return kExitOk;
  }

  // Which runs.
  std::vector<size_t> runs;
  bool shard = false;
  if (args.run_given && !args.shard.empty()) {
    std::cerr << "lambdasim sweep: --run and --shard are exclusive\n";
    return kExitUsage;
  }
  if (args.run_given) {
    if (args.run >= plan.runs) {
      std::cerr << fmt::format(
          "lambdasim sweep: --run {} is out of range: the sweep has {} runs (0..{})\n", args.run,
          plan.runs, plan.runs - 1);
      return kExitUsage;
    }
    runs.push_back(args.run);
    shard = true;
  } else if (!args.shard.empty()) {
    size_t index = 0, count = 0;
    if (!ParseShard(args.shard, &index, &count)) {
      std::cerr << "lambdasim sweep: --shard wants i/N with 0 <= i < N (e.g. --shard 0/4), got '"
                << args.shard << "'\n";
      return kExitUsage;
    }
    for (size_t r = index; r < plan.runs; r += count) runs.push_back(r);
    shard = true;
  } else {
    for (size_t r = 0; r < plan.runs; ++r) runs.push_back(r);
  }
  const std::string out_dir = args.out_dir.empty() ? DefaultOutDir(args.file) : args.out_dir;
  // One process per output directory (the lock `run` takes), claimed before any simulation,
  // which also finds an unwritable --out first. Under --mpi only rank 0 writes: it claims the
  // directory before handing out the first run (RunSweepMpi's claim_output).
  std::optional<OutputDirLock> lock;
  auto claim = [&]() -> int {
    try {
      lock.emplace(OutputDirLock::Acquire(out_dir));
    } catch (const OutputError& e) {
      std::cerr << "lambdasim sweep: " << e.what() << "\n";
      return kExitOutput;
    }
    return kExitOk;
  };
  if (!args.mpi)
    if (const int rc = claim(); rc != kExitOk) return rc;

  const auto start = std::chrono::steady_clock::now();
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  ProgressPrinter progress(args.quiet);
  auto on_progress = [&](size_t done, size_t total) {
    progress.Update(static_cast<double>(done), static_cast<double>(total),
                    fmt::format("{} runs", done), fmt::format("{}", total), wall(), "");
  };

  std::vector<std::string> rows;
  unsigned jobs = args.jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : args.jobs;
  if (args.mpi) {
    bool is_master = true;
    const int rc = RunSweepMpi(plan, runs, rows, is_master, on_progress, claim);
    progress.Done();
    if (rc != kExitOk || !is_master) return rc;
    jobs = 0;
  } else {
    InstallSignalHandlers();
    SweepRunOptions options;
    options.jobs = jobs;
    options.interrupt = InterruptFlag();
    options.on_progress = on_progress;
    try {
      rows = RunSweepRows(plan, runs, options);
    } catch (const std::exception& e) {
      progress.Done();
      std::cerr << "lambdasim: sweep run failed: " << e.what() << "\n";
      return kExitInternal;
    }
    progress.Done();
  }

  SweepManifestInfo info = ManifestInfoOf(plan);
  if (shard) info.runs = runs;
  // Interrupted (SIGINT/SIGTERM): the runs that finished are written, marked "complete":
  // false, as `run` does; a second signal stops that writing too.
  const bool interrupted = InterruptFlag()->load();
  if (interrupted) {
    sim::ClearInterrupt();
    std::vector<std::string> finished_rows;
    info.runs.clear();
    for (size_t i = 0; i < runs.size(); ++i) {
      if (rows[i].empty()) continue;
      info.runs.push_back(runs[i]);
      finished_rows.push_back(std::move(rows[i]));
    }
    rows = std::move(finished_rows);
    info.complete = false;
  }
  try {
    WriteSweepOutputs(info, RunsCsvHeader(plan), rows, out_dir, shard);
  } catch (const OutputInterrupted& e) {
    std::cerr << "lambdasim sweep: " << e.what() << "; stopped writing\n";
    return kExitInterrupted;
  } catch (const std::exception& e) {
    std::cerr << "lambdasim: cannot write results: " << e.what() << "\n";
    return kExitOutput;
  }
  if (interrupted) {
    std::cerr << fmt::format(
        "lambdasim sweep: interrupted; {} of {} runs finished, written to {}/runs.csv with {} "
        "marked \"complete\": false\n",
        info.runs.size(), runs.size(), out_dir, shard ? "shard.json" : "sweep.json");
    return kExitInterrupted;
  }
  if (!args.quiet) {
    const std::string how =
        args.mpi ? "MPI" : fmt::format("{} thread{}", jobs, jobs == 1 ? "" : "s");
    if (shard)
      std::cout << fmt::format(
          "{} of {} runs in {:.2f}s wall ({}); shard results in {}/ (runs.csv, shard.json); "
          "join shards with `lambdasim merge`\n",
          runs.size(), plan.runs, wall(), how, out_dir);
    else
      std::cout << fmt::format(
          "{} runs ({} variant{} x {} replication{}) in {:.2f}s wall ({}); results in {}/ "
          "(runs.csv, points.csv, sweep.json)\n",
          plan.runs, variants, variants == 1 ? "" : "s", plan.sweep.replications,
          plan.sweep.replications == 1 ? "" : "s", wall(), how, out_dir);
  }
  return kExitOk;
}

int CommandMerge(const std::vector<std::string>& dirs, const std::string& out_dir) {
  std::optional<OutputDirLock> lock;  // one process per output directory, as for run
  try {
    lock.emplace(OutputDirLock::Acquire(out_dir));
  } catch (const OutputError& e) {
    std::cerr << "lambdasim merge: " << e.what() << "\n";
    return kExitOutput;
  }
  try {
    MergeSweepShards(dirs, out_dir);
  } catch (const OutputError& e) {
    std::cerr << "lambdasim merge: cannot write results: " << e.what() << "\n";
    return kExitOutput;
  } catch (const std::exception& e) {
    std::cerr << "lambdasim merge: " << e.what() << "\n";
    return kExitInvalidInput;
  }
  std::cout << fmt::format("merged {} shard{} into {}/ (runs.csv, points.csv, sweep.json)\n",
                           dirs.size(), dirs.size() == 1 ? "" : "s", out_dir);
  return kExitOk;
}

}  // namespace

void RegisterSweepCommands(CLI::App& app, Registry& registry) {
  auto args = std::make_shared<SweepArgs>();
  auto* sweep =
      app.add_subcommand("sweep",
                         "Run a scenario over a grid of values with replications; write runs.csv, "
                         "points.csv (mean, sd, 95% CI)");
  sweep->add_option("sweep", args->file, "Sweep YAML file")->required();
  sweep->add_option("--out", args->out_dir,
                    "Output directory (default out/sweep-<sweep file name>)");
  sweep->add_option("--jobs,-j", args->jobs, "Parallel threads (0 = one per core; default 1)");
  sweep->add_flag("--list", args->list,
                  "Print the runs (index, variant, replication, values) and exit");
  auto* run_opt =
      sweep->add_option("--run", args->run, "Run only run K (writes a mergeable shard)");
  sweep->add_option("--shard", args->shard,
                    "Run every N-th run starting at i (i/N, 0 <= i < N); merge with `merge`");
  sweep->add_flag("--mpi", args->mpi,
                  "Distribute runs over MPI ranks (mpirun -n P lambdasim sweep ... --mpi)");
  sweep->add_flag("--quiet,-q", args->quiet, "No progress or summary line");
  sweep->footer(
      "Examples:\n"
      "  lambdasim sweep sweeps/quickstart_reserved.yaml --jobs 2 --out results\n"
      "  lambdasim sweep big.yaml --shard 3/32 --out shards/3 --quiet   # one Slurm array task\n"
      "  mpirun -n 17 lambdasim sweep big.yaml --mpi --out results\n");
  registry.Add(sweep, [args, run_opt] {
    args->run_given = run_opt->count() > 0;
    return CommandSweep(*args);
  });

  auto dirs = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  auto* merge = app.add_subcommand(
      "merge", "Join the outputs of `sweep --shard`/`--run` into runs.csv + points.csv");
  merge->add_option("shards", *dirs, "Shard output directories")->required();
  merge->add_option("--out", *out, "Output directory")->required();
  merge->footer(
      "Example:\n"
      "  lambdasim merge shards/* --out results\n");
  registry.Add(merge, [dirs, out] { return CommandMerge(*dirs, *out); });
}

}  // namespace lambdasim::cli

// models/output/output_writer.h — the only code that writes run output files.
//
// WriteRun(result, spec, dir) creates `dir` and writes, in this order:
//   manifest.json ("complete": false, no files: the directory is now a half state),
//   summary.json, timeseries.csv, account_timeseries.csv, [calibration.csv], [maps.csv],
//   report.html, manifest.json.
// The final manifest.json lists the files written, so a manifest saying "complete": true
// means every listed file is whole, and a re-run that fails midway (a full disk) leaves a
// manifest marked incomplete, never an old one beside new files. Rendering and writing poll
// the interrupt flag; when it is set WriteRun stops, writes a manifest ("complete": false,
// the whole files written so far) and throws OutputInterrupted; an I/O error does the same
// (best effort) before throwing OutputError.
//
// Invariants:
//  * Atomic files: each file is written to "<name>.tmp.<pid>" in the same directory,
//    flushed (fsync), checked, then renamed over <name>. On any I/O error the temporary
//    file is removed and OutputError is thrown naming the path and the errno text; no
//    partially written file is ever left under its final name.
//  * Deterministic: the same RunResult + ScenarioSpec give byte-identical summary.json,
//    timeseries.csv, account_timeseries.csv and report.html. Manifest::wall_seconds
//    appears only in manifest.json.
//  * Flat keys: summary.json is {"scenario", "functions": {<name>: {flat keys}},
//    "account": {flat keys}}, so tools address e.g. functions.api.throttle_rate.
//    FunctionSummaryFields/AccountSummaryFields are the single list of those keys; the
//    HTML report and the stdout table read the same list.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/metrics/run_result.h"
#include "models/metrics/summary_fields.h"
#include "models/spec/scenario_spec.h"

namespace lambdasim {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// SIGINT/SIGTERM (sim::InterruptRequested) while rendering or writing: the file being written
// is removed, files already renamed into place stay whole, and WriteRun records them in a
// manifest marked "complete": false before rethrowing.
class OutputInterrupted : public OutputError {
 public:
  using OutputError::OutputError;
};

// The JSON text of a summary value ("12", "0.25", "null").
std::string SummaryFieldJson(const SummaryField& f);

// Receives a file's text piece by piece (pieces of about 4 MiB).
using TextSink = std::function<void(std::string_view)>;

// File contents (exposed for tests and for callers that want them in memory). The CSV
// renderers also stream: the overloads taking a TextSink hand the text over in pieces, so
// writing a CSV needs about 4 MiB beyond the rows, whatever its length.
std::string RenderSummaryJson(const RunResult& result, const ScenarioSpec& spec);
std::string RenderTimeseriesCsv(const RunResult& result);
std::string RenderAccountTimeseriesCsv(const RunResult& result);
void RenderTimeseriesCsv(const RunResult& result, const TextSink& sink);
void RenderAccountTimeseriesCsv(const RunResult& result, const TextSink& sink);
// maps.csv: one row per Step Functions Map entry (label, function, kind, MapSummaryFields);
// written only when the scenario has `map:` entries.
std::string RenderMapsCsv(const RunResult& result);
// `files` is the list recorded under "files".
std::string RenderManifestJson(const Manifest& manifest, const std::vector<std::string>& files);

// CSV number rule: integral doubles as integers, else fmt "{:.6g}"; non-finite → "".
std::string FormatCsvNumber(double v);

// Writes `content` to dir/name atomically (see invariants), in large chunks. Throws
// OutputError; with `interruptible`, OutputInterrupted between chunks once an interrupt is
// requested (the temporary file removed, dir/name untouched).
void WriteFileAtomic(const std::string& dir, const std::string& name, const std::string& content,
                     bool interruptible = true);
// The same, for text produced piece by piece: `produce(sink)` calls sink with each piece in
// order; an exception from it (OutputInterrupted from a renderer) removes the temporary file.
void WriteFileAtomic(const std::string& dir, const std::string& name,
                     const std::function<void(const TextSink&)>& produce,
                     bool interruptible = true);

void WriteRun(const RunResult& result, const ScenarioSpec& spec, const std::string& out_dir);

// For a failed run: creates out_dir and writes only manifest.json ("files": []).
void WriteManifestOnly(const Manifest& manifest, const std::string& out_dir);

// `run --force`: replaces out_dir whole. `write` fills a fresh sibling directory
// ("<out_dir>.tmp.<pid>"), which is then swapped with out_dir in one rename
// (renameat2 RENAME_EXCHANGE; plain rename when out_dir does not exist) and the old
// contents removed, so a crash leaves either the old run or the new one, never a mix.
// On failure the sibling is removed and OutputError thrown naming the path.
void ReplaceDirectory(const std::string& out_dir,
                      const std::function<void(const std::string&)>& write);

// The scenario_name recorded in dir/manifest.json; nullopt when dir has no readable
// manifest. Used to refuse writing one scenario's run over another's.
std::optional<std::string> ExistingRunScenario(const std::string& dir);

// What dir/manifest.json says about a directory a run is about to write into: nothing there
// (kNone), a run manifest lambdasim wrote (kOurs, with its scenario_name), or a file named
// manifest.json that lambdasim did not write (kForeign: not JSON, or without the run
// manifest's scenario_name, scenario_hash, event_fingerprint and complete fields). Writers
// never overwrite a foreign manifest; commands refuse such a directory (exit 4) unless told
// to replace it whole (run --force).
struct ExistingRun {
  enum class State { kNone, kOurs, kForeign };
  State state = State::kNone;
  std::string scenario_name;
};
ExistingRun InspectRunDirectory(const std::string& dir);

// Exclusive use of one output directory by one process, for the whole run (simulation and
// writing). Rule: at most one lambdasim process writes a given output directory at a time;
// a second one is refused at once (OutputDirBusy), never mixed in. The lock is an exclusive
// flock(2) on "<out_dir>.lock", a sibling file (the directory itself may be replaced whole by
// ReplaceDirectory), holding the owner's pid. The kernel releases it when the process exits,
// however it exits; a clean release also removes the file. Acquire creates out_dir's parent
// and checks that out_dir can be created and written, so an unwritable --out is found before
// any simulation (OutputError).
class OutputDirBusy : public OutputError {
 public:
  using OutputError::OutputError;
};
class OutputDirLock {
 public:
  // Throws OutputDirBusy when another process holds the lock, OutputError when the lock file
  // or the directory cannot be created or written.
  static OutputDirLock Acquire(const std::string& out_dir);
  OutputDirLock(OutputDirLock&& other) noexcept;
  OutputDirLock& operator=(OutputDirLock&&) = delete;
  OutputDirLock(const OutputDirLock&) = delete;
  OutputDirLock& operator=(const OutputDirLock&) = delete;
  ~OutputDirLock();

 private:
  OutputDirLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

// How a file path is recorded in output files (manifest.json, report.html, sweep.json): its
// lexically normal form ("./s.yaml" and "a/../s.yaml" are "s.yaml"), so the bytes do not
// depend on how the path was typed. The JSON and HTML writers then write bytes that are not
// UTF-8 as U+FFFD.
std::string RecordedPath(std::string_view path);

// One CSV field (RFC 4180): returned as is unless it contains ',', '"', CR or LF, in which
// case it is quoted with inner quotes doubled. Used by every CSV lambdasim writes.
std::string CsvField(std::string_view s);

}  // namespace lambdasim

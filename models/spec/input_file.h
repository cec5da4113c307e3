// models/spec/input_file.h — the one way lambdasim opens a file the user named.
//
// Every input file — scenario, trace, sweep file, summary.json for `diff` — goes through
// OpenInputFile / ReadInputFile, so all of them refuse the same things with the same words:
// a missing file, a directory, a FIFO, a device (/dev/zero), a socket, or a file over the
// kind's documented size limit. Invariants: the checks are made on the opened descriptor
// (fstat after open, so a symbolic link to /dev/zero or a file swapped between a check and
// the open is still refused); a FIFO is opened non-blocking, so refusing it never hangs;
// ReadInputFile never reads more than max_bytes + 1 bytes, even from a file that grows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lambdasim {

// Documented size limits (README "Exit codes"; scenarios/README.md for scenarios and traces).
inline constexpr uint64_t kMaxScenarioFileBytes = uint64_t{16} * 1024 * 1024;  // 16 MiB
inline constexpr uint64_t kMaxSweepFileBytes = uint64_t{1} * 1024 * 1024;      // 1 MiB
inline constexpr uint64_t kMaxSummaryFileBytes = uint64_t{64} * 1024 * 1024;   // 64 MiB
// Traces are streamed in constant memory; the limit only bounds the validation pass's time.
inline constexpr uint64_t kMaxTraceFileBytes = uint64_t{64} * 1024 * 1024 * 1024;  // 64 GiB

// "16 MiB", "64 GiB", "1 MiB".
std::string FormatLimitBytes(uint64_t bytes);

// Opens `path` for reading when it is a regular file of at most `max_bytes`; returns the file
// descriptor (the caller closes it), or -1 with *why set to a sentence that names `what`
// ("trace file", "scenario file", ...): "no such file", "is a directory, not a scenario
// file", "is a FIFO (named pipe), not a regular file; ...", "is 20971520 bytes; scenario
// files are limited to 16 MiB".
int OpenInputFile(const std::string& path, std::string_view what, uint64_t max_bytes,
                  std::string* why);

// The whole content of a file accepted by OpenInputFile. Throws ScenarioError (file = path,
// no line) with the reason otherwise, or when reading fails.
std::string ReadInputFile(const std::string& path, std::string_view what, uint64_t max_bytes);

}  // namespace lambdasim

// models/workload/trace_lines.h — the line and field layer under every trace reader.
//
// LineReader reads a text file line by line through a fixed 64 KiB buffer, never loading it
// whole: memory stays constant whatever the file size. Invariants: a returned line never
// holds its terminator (\n or \r\n); it stays valid only until the next Next() call; a line
// longer than kMaxLineBytes (1 MiB) stops the reader with an error (ok() turns false);
// line_number() is the 1-based number of the last line returned. An interrupt (SIGINT/SIGTERM,
// sim/interrupt.h), polled every kInterruptPollEvery lines, ends the file early: Next() returns
// false with ok() still true and interrupted() true, so a replay simply ends and a
// validator's caller (ValidateTrace) sees the flag. A UTF-8 byte-order mark at the start of
// the file is dropped from the first line. The file is opened through OpenInputFile
// (models/spec/input_file.h): a regular file of at most 64 GiB. SplitCsv splits on commas
// with no quoting (no supported format quotes) and trims blanks around each field; the views
// point into the line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lambdasim {

// Reads a text file line by line with a fixed buffer. Lines end in \n or \r\n.
class LineReader {
 public:
  static constexpr size_t kBufferBytes = size_t{64} * 1024;
  static constexpr size_t kMaxLineBytes = size_t{1024} * 1024;

  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool ok() const { return error_.empty(); }
  bool interrupted() const { return interrupted_; }
  const std::string& error() const { return error_; }  // open/read error, or an over-long line
  // The next line (without its terminator), valid until the next call; false at the end of
  // the file or on error.
  bool Next(std::string_view* line);
  uint64_t line_number() const { return line_number_; }  // 1-based number of the last line returned

 private:
  void StripBom(std::string_view* line) const;

  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buffer_;  // kBufferBytes, not zero-filled (fread writes it)
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
  std::string carry_;  // a line that spans buffer refills
  std::string error_;
  uint64_t line_number_ = 0;
  bool interrupted_ = false;
};

// Splits a CSV line on commas (no quoting: the supported formats never quote) and trims
// spaces around each field. `fields` is reused between calls.
void SplitCsv(std::string_view line, std::vector<std::string_view>* fields);

}  // namespace lambdasim

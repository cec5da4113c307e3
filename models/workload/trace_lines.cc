// models/workload/trace_lines.cc — LineReader and SplitCsv (see trace_lines.h).
#include "models/workload/trace_lines.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "models/spec/input_file.h"
#include "sim/interrupt.h"
#include "sim/text.h"

namespace lambdasim {

LineReader::LineReader(const std::string& path)
    : buffer_(std::make_unique_for_overwrite<char[]>(kBufferBytes)) {
  // The one input-file check (regular file, at most 64 GiB): models/spec/input_file.h.
  std::string why;
  const int fd = OpenInputFile(path, "trace file", kMaxTraceFileBytes, &why);
  if (fd < 0) {
    error_ = "trace file " + why;
    return;
  }
  file_ = ::fdopen(fd, "rb");
  if (!file_) {
    error_ = std::string("cannot open trace file: ") + std::strerror(errno);
    ::close(fd);
  }
}

LineReader::~LineReader() {
  if (file_) std::fclose(file_);
}

// A UTF-8 byte-order mark before the first line (spreadsheet exports write one) is not
// part of the header's first column name.
void LineReader::StripBom(std::string_view* line) const {
  if (line_number_ == 1 && line->substr(0, 3) == "\xEF\xBB\xBF") line->remove_prefix(3);
}

bool LineReader::Next(std::string_view* line) {
  if (!file_ || !error_.empty() || interrupted_) return false;
  if (line_number_ % sim::kInterruptPollEvery == 0 && sim::InterruptRequested()) {
    interrupted_ = true;
    return false;
  }
  bool carrying = false;
  carry_.clear();
  while (true) {
    if (pos_ == len_) {
      if (eof_) {
        if (!carrying) return false;
        ++line_number_;
        *line = carry_;
        if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
        StripBom(line);
        return true;
      }
      len_ = std::fread(buffer_.get(), 1, kBufferBytes, file_);
      pos_ = 0;
      if (len_ < kBufferBytes) {
        if (std::ferror(file_)) {
          error_ = "error while reading the trace file";
          return false;
        }
        eof_ = true;
      }
      continue;
    }
    const char* begin = buffer_.get() + pos_;
    const void* nl = std::memchr(begin, '\n', len_ - pos_);
    if (nl) {
      const size_t n = static_cast<size_t>(static_cast<const char*>(nl) - begin);
      pos_ += n + 1;
      ++line_number_;
      if (carrying) {
        carry_.append(begin, n);
        if (carry_.size() > kMaxLineBytes) {
          error_ = "line " + std::to_string(line_number_) + " is longer than 1 MiB";
          return false;
        }
        *line = carry_;
      } else {
        *line = std::string_view(begin, n);
      }
      if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
      StripBom(line);
      return true;
    }
    carry_.append(begin, len_ - pos_);
    carrying = true;
    pos_ = len_;
    if (carry_.size() > kMaxLineBytes) {
      error_ = "line " + std::to_string(line_number_ + 1) + " is longer than 1 MiB";
      return false;
    }
  }
}

void SplitCsv(std::string_view line, std::vector<std::string_view>* fields) {
  // Pointer arithmetic rather than string_view calls: an azure-2019 row has 1 444 fields and
  // this loop is most of a trace's read time.
  fields->clear();
  const char* p = line.data();
  const char* const end = p + line.size();
  while (true) {
    // memchr needs a valid pointer even for length 0, and a default string_view has none.
    const auto* comma =
        p == end ? nullptr
                 : static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(end - p)));
    const char* stop = comma == nullptr ? end : comma;
    fields->push_back(sim::TrimBlanks(std::string_view(p, static_cast<size_t>(stop - p))));
    if (comma == nullptr) break;
    p = comma + 1;
  }
}

}  // namespace lambdasim

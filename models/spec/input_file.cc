// models/spec/input_file.cc — see input_file.h.
#include "models/spec/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "models/spec/diagnostics.h"

namespace lambdasim {

std::string FormatLimitBytes(uint64_t bytes) {
  constexpr uint64_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;
  if (bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

namespace {

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void Fail(const std::string& path, const std::string& message) {
  throw ScenarioError({Diagnostic{path, 0, 0, message}});
}

}  // namespace

int OpenInputFile(const std::string& path, std::string_view what, uint64_t max_bytes,
                  std::string* why) {
  // O_NONBLOCK: opening a FIFO with no writer must not hang; it is cleared for regular files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    *why = err == ENOENT    ? std::string("no such file")
           : err == ENOTDIR ? std::string("no such file (a part of the path is not a directory)")
                            : "cannot open " + std::string(what) + ": " + std::strerror(err);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    *why = "cannot read " + std::string(what) + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    const std::string kind = KindOf(st.st_mode);
    *why = (kind == "not a regular file" ? "is " + kind : "is " + kind + ", not a regular file") +
           "; a " + std::string(what) + " must be a regular file";
    ::close(fd);
    return -1;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    *why = "is " + std::to_string(st.st_size) + " bytes; " + std::string(what) +
           "s are limited to " + FormatLimitBytes(max_bytes);
    ::close(fd);
    return -1;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

std::string ReadInputFile(const std::string& path, std::string_view what, uint64_t max_bytes) {
  std::string why;
  const int fd = OpenInputFile(path, what, max_bytes, &why);
  if (fd < 0) Fail(path, why);
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      Fail(path, "error while reading " + std::string(what) + ": " + std::strerror(err));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > max_bytes) {
      ::close(fd);
      Fail(path, "grew past " + FormatLimitBytes(max_bytes) + " while being read; " +
                     std::string(what) + "s are limited to " + FormatLimitBytes(max_bytes));
    }
  }
  ::close(fd);
  return text;
}

}  // namespace lambdasim

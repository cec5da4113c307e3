// `lambdasim sweep --mpi`: rank 0 hands run indices to the other ranks on request and
// collects their runs.csv rows; only rank 0 writes. Compiled with MPI when CMake finds it
// (LAMBDASIM_HAVE_MPI); otherwise --mpi is a usage error. Rank 0 takes the --out lock before
// handing out any run, so a locked or unwritable --out stops every rank before simulating.
//
// Protocol (all point-to-point, MPI_COMM_WORLD):
//   worker → master, tag kTagReady:  "" (first request) or "<slot> <row>" (a finished run)
//   worker → master, tag kTagFailed: "<slot> <error message>"
//   master → worker, tag kTagWork:   one uint64: the slot to run, or kStop
// A row is a pure function of (sweep, run), so the master's runs.csv is byte-identical to a
// serial sweep's whichever rank ran what.
#include "models/cli/cli.h"
#include "models/run/sweep.h"

#ifdef LAMBDASIM_HAVE_MPI
#include <mpi.h>

#include <cstdint>
#include <iostream>
#include <limits>

#include <fmt/core.h>
#endif

namespace lambdasim::cli {

#ifndef LAMBDASIM_HAVE_MPI

int RunSweepMpi(const SweepPlan&, const std::vector<size_t>&, std::vector<std::string>&,
                bool& is_master, const std::function<void(size_t, size_t)>&,
                const std::function<int()>&) {
  is_master = true;
  std::cerr << "lambdasim sweep: --mpi: this lambdasim was built without MPI (install "
               "libopenmpi-dev and openmpi-bin, "
               "then rebuild; or use --jobs N / --shard i/N)\n";
  return kExitUsage;
}

#else

namespace {

constexpr int kTagReady = 1;
constexpr int kTagFailed = 2;
constexpr int kTagWork = 3;
constexpr uint64_t kStop = std::numeric_limits<uint64_t>::max();

void SendText(const std::string& text, int dest, int tag) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD);
}

std::string RecvText(MPI_Status* status) {
  MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, status);
  int count = 0;
  MPI_Get_count(status, MPI_CHAR, &count);
  std::string text(static_cast<size_t>(count), '\0');
  MPI_Recv(text.data(), count, MPI_CHAR, status->MPI_SOURCE, status->MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return text;
}

int Master(const SweepPlan& plan, const std::vector<size_t>& runs, std::vector<std::string>& rows,
           int ranks, const std::function<void(size_t, size_t)>& progress) {
  rows.assign(runs.size(), std::string());
  if (ranks == 1) {  // nobody to hand work to: run everything here
    for (size_t i = 0; i < runs.size(); ++i) {
      try {
        rows[i] = RunSweepRow(plan, runs[i]);
      } catch (const std::exception& e) {
        std::cerr << "lambdasim: sweep run " << runs[i] << " failed: " << e.what() << "\n";
        return kExitInternal;
      }
      progress(i + 1, runs.size());
    }
    return kExitOk;
  }
  size_t next = 0, done = 0;
  int active = ranks - 1;
  std::string first_error;
  while (active > 0) {
    MPI_Status status;
    const std::string text = RecvText(&status);
    if (!text.empty()) {
      const size_t space = text.find(' ');
      const size_t slot = std::stoull(text.substr(0, space));
      const std::string body = space == std::string::npos ? "" : text.substr(space + 1);
      if (status.MPI_TAG == kTagFailed) {
        if (first_error.empty())
          first_error = fmt::format("run {} (rank {}): {}", runs.at(slot), status.MPI_SOURCE, body);
      } else {
        rows.at(slot) = body;
      }
      progress(++done, runs.size());
    }
    uint64_t work = kStop;
    if (next < runs.size() && first_error.empty()) work = next++;
    MPI_Send(&work, 1, MPI_UINT64_T, status.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
    if (work == kStop) --active;
  }
  if (!first_error.empty()) {
    std::cerr << "lambdasim: sweep run failed: " << first_error << "\n";
    return kExitInternal;
  }
  return kExitOk;
}

void Worker(const SweepPlan& plan, const std::vector<size_t>& runs) {
  std::string message;  // first message: empty = ready
  int tag = kTagReady;
  while (true) {
    SendText(message, 0, tag);
    uint64_t work = kStop;
    MPI_Recv(&work, 1, MPI_UINT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (work == kStop) return;
    const auto slot = static_cast<size_t>(work);
    try {
      message = fmt::format("{} {}", slot, RunSweepRow(plan, runs.at(slot)));
      tag = kTagReady;
    } catch (const std::exception& e) {
      message = fmt::format("{} {}", slot, e.what());
      tag = kTagFailed;
    }
  }
}

}  // namespace

int RunSweepMpi(const SweepPlan& plan, const std::vector<size_t>& runs,
                std::vector<std::string>& rows, bool& is_master,
                const std::function<void(size_t, size_t)>& progress,
                const std::function<int()>& claim_output) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  is_master = rank == 0;
  int rc = kExitOk;
  if (is_master) {
    // The --out lock is taken before any rank simulates; if it is refused, the workers are
    // sent kStop at their first request (an empty run list) and nothing runs.
    rc = claim_output();
    if (rc == kExitOk)
      rc = Master(plan, runs, rows, size, progress);
    else
      Master(plan, {}, rows, size, progress);
  } else
    Worker(plan, runs);
  MPI_Finalize();
  return rc;
}

#endif

}  // namespace lambdasim::cli

// models/lambda/environment.h — one execution environment (a Firecracker microVM slot).
//
// Lifecycle: created (cold: Init then Invoke; provisioned: Init off the request path) →
// Busy ⇄ Idle (hybrid keep-alive: Busy → Unloaded → Idle at the pre-warm) → destroyed (idle past
// keep-alive, past its maximum lifetime, reset after a timeout, or provisioned capacity removed).
// An environment serves one request at a time, so the in-flight request's bookkeeping lives here,
// never in a per-request store: memory is bounded by peak concurrency. Environments live in a slab
// indexed by uint32; a freed slot is reused (free list).
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/time.h"

namespace lambdasim {

// Who is waiting for the invocation running in an environment.
// kCall: a caller function's synchronous call (sources/call_chain.h; caller_index is the
// caller's call slot, call_token the slot's token when the call was made).
enum class Caller : uint8_t { kSync, kAsync, kSqs, kStream, kMap, kCall, kSqsFifo, kKafka };
// Environment::call_slot of an invocation that makes no calls.
inline constexpr uint32_t kNoCallSlot = 0xffffffffU;

// One event in a function's asynchronous queue (24 bytes: the counters share one word).
struct AsyncEvent {
  sim::Time enqueued;        // when Lambda accepted it (age counts from here)
  int64_t duration_ns = -1;  // from a trace; -1 = sample
  int32_t attempts = 0;      // invocations so far that ended in a function error
  int32_t backoffs = 0;      // throttles this event backed off from (the next waits ~base·2^k)
};

// Layout: 128 bytes on a 64-byte boundary. The first cache line holds everything admission, a
// synchronous completion and the idle pool read or write (the hot line); the second the
// event-source and call-chain fields and the creation time (the cold line). Keep new hot fields
// in the first 64 bytes (static_assert below).
struct alignas(64) Environment {
  // --- hot line ---
  uint32_t function = 0;
  bool provisioned = false;  // created by provisioned concurrency
  bool busy = false;
  bool unloaded = false;  // hybrid keep-alive: released, waiting for its pre-warm (not alive)
  bool error = false;
  bool timed_out = false;  // environment is reset (destroyed) on completion
  Caller caller = Caller::kSync;
  uint32_t caller_index = 0;  // sync: traffic source; sqs: mapping; stream: lane; map: run
  // In-flight request (valid while busy).
  sim::Time origin;      // when the caller first sent the request (retries included)
  int64_t exec_ns = 0;   // execution (invoke phase) duration, after the timeout cap
  sim::Time retire_at;   // maximum lifetime reached: destroyed instead of going idle
  sim::Time idle_since;  // valid while idle
  sim::Time expire_at;   // on-demand, idle or unloaded: destroyed at this time if still idle
  uint32_t source = 0;   // traffic source that sent it
  uint32_t batch = 0;    // sqs: batch slot; stream: records in the batch
  // --- cold line ---
  sim::Time created;
  AsyncEvent async_event;  // async: the event being processed
  // Lambda calling Lambda (sources/call_chain.h): this invocation's own call slot while it
  // makes calls (kNoCallSlot otherwise), and, as a callee, its caller slot's token.
  uint32_t call_slot = kNoCallSlot;
  uint64_t call_token = 0;
  // Lambda Managed Instances: for a managed function this entry is one in-flight request (not
  // an environment); managed_env is the fleet environment it runs on (managed_instances.h).
  uint32_t managed_env = 0;
};
static_assert(sizeof(Environment) == 128, "Environment: two cache lines");
static_assert(offsetof(Environment, batch) + sizeof(uint32_t) <= 64, "hot fields in line one");

}  // namespace lambdasim

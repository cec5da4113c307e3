// models/event_kinds.h — every event the model schedules, and the same-instant order.
//
// Events at the same simulated instant run in ascending priority; this table is the one
// place that decides it (a test pins it). Rationale, in order:
//   0 releases        an invocation finishing frees its concurrency before anything else
//                     happens at that instant, so an arrival at the same instant can reuse it;
//   1 capacity        provisioned environments coming online, provisioned targets changing;
//   2 expiries        idle environments reclaimed after keep-alive (after releases, so an
//                     environment released and expiring at one instant is reclaimed);
//   3 arrivals        new requests and client retries;
//   4 sampling        periodic evaluation (provisioned auto scaling) sees the instant's
//                     final state.
#pragma once

#include <cstdint>

namespace lambdasim {

enum class EventKind : uint32_t {
  kInvocationComplete = 0,  // a = environment index, b = environment generation
  kProvisionedReady,        // a = function, b = requested target
  kProvisionedSchedule,     // a = function, b = new target
  kIdleReclaim,             // a = function
  kArrival,                 // a = traffic source
  kClientRetry,             // a = pending-retry slot
  kAutoscalingEvaluation,   // a = function
};

enum Priority : uint16_t {
  kPriorityRelease = 0,
  kPriorityCapacity = 1,
  kPriorityExpiry = 2,
  kPriorityArrival = 3,
  kPrioritySampling = 4,
};

constexpr uint16_t PriorityOf(EventKind kind) {
  switch (kind) {
    case EventKind::kInvocationComplete: return kPriorityRelease;
    case EventKind::kProvisionedReady: return kPriorityCapacity;
    case EventKind::kProvisionedSchedule: return kPriorityCapacity;
    case EventKind::kIdleReclaim: return kPriorityExpiry;
    case EventKind::kArrival: return kPriorityArrival;
    case EventKind::kClientRetry: return kPriorityArrival;
    case EventKind::kAutoscalingEvaluation: return kPrioritySampling;
  }
  return kPrioritySampling;
}

}  // namespace lambdasim

// models/lambda/event_kinds.h — every event the model schedules, and the same-instant order.
//
// Events at the same simulated instant run in ascending priority; this table is the one
// place that decides it (a test pins it). Rationale, in order:
//   0 releases        an invocation finishing (a caller's too) frees its concurrency before
//   anything else
//                     happens at that instant, so an arrival at the same instant can reuse it;
//   1 capacity        provisioned environments coming online, provisioned targets changing,
//                     hybrid keep-alive pre-warms;
//   2 expiries        idle environments reclaimed after keep-alive (after releases, so an
//                     environment released and expiring at one instant is reclaimed);
//                     SQS messages becoming visible again, async error-retry delays ending;
//   3 arrivals        new requests, client retries, Map item retries, pollers (async queue, SQS,
//                     streams) trying to dispatch, a caller function's calls;
//   4 sampling        periodic evaluation (provisioned auto scaling, SQS poller scaling)
//                     sees the instant's final state.
#pragma once

#include <cstdint>

namespace lambdasim {

enum class EventKind : uint32_t {
  kInvocationComplete = 0,  // a = environment index, b = its function
  kProvisionedReady,        // a = function, b = requested target
  kProvisionedSchedule,     // a = function, b = new target
  kIdleReclaim,             // a = function
  kArrival,                 // a = traffic source, b = the arrival's function
  kClientRetry,             // a = pending-retry slot
  kAutoscalingEvaluation,   // a = function
  kAsyncDispatch,           // a = function: the async queue's poller tries again after a backoff
  kAsyncRetryReady,         // a = function, b = 1 or 2: an error retry's delay has elapsed
  kSqsVisible,              // a = mapping: messages become visible again (visibility timeout)
  kSqsPoll,                 // a = mapping: batching window closed, or poll again after a throttle
  kSqsScale,                // a = mapping: once a second, poller concurrency grows or shrinks
  kStreamPoll,              // a = lane: batching window closed, or retry after backoff
  kPrewarm,                 // a = environment: hybrid keep-alive re-loads an unloaded environment
  kMapRetry,                // a = Map item retry slot: the item's Retrier interval has elapsed
  kCallerCall,              // a = call slot, b = token: a caller makes (or retries) its next call
  kCallerEnd,               // a = call slot, b = token: a caller's invocation ends (or times out)
  kSqsFifoPoll,             // a = FIFO group slot, b = generation: a blocked group may go again
  kKafkaPoll,               // a = partition: batching window closed, or retry after backoff
  kKafkaScale,              // a = Kafka mapping: pollers evaluated (or a scaling step lands)
  kManagedScale,   // a = function: Lambda Managed Instances' scaler looks (managed_instances.h)
  kManagedLaunch,  // a = function, b = count: launched instances are ready
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
    case EventKind::kAsyncDispatch: return kPriorityArrival;
    case EventKind::kAsyncRetryReady: return kPriorityExpiry;
    case EventKind::kSqsVisible: return kPriorityExpiry;
    case EventKind::kSqsPoll: return kPriorityArrival;
    case EventKind::kSqsScale: return kPrioritySampling;
    case EventKind::kStreamPoll: return kPriorityArrival;
    case EventKind::kPrewarm: return kPriorityCapacity;
    case EventKind::kMapRetry: return kPriorityArrival;
    case EventKind::kCallerCall: return kPriorityArrival;
    case EventKind::kCallerEnd: return kPriorityRelease;
    case EventKind::kSqsFifoPoll: return kPriorityArrival;
    case EventKind::kKafkaPoll: return kPriorityArrival;
    case EventKind::kKafkaScale: return kPrioritySampling;
    case EventKind::kManagedScale: return kPrioritySampling;
    case EventKind::kManagedLaunch: return kPriorityCapacity;
  }
  return kPrioritySampling;
}

}  // namespace lambdasim

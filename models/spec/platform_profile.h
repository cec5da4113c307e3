// models/spec/platform_profile.h — every platform default and limit, as data, in one place.
//
// A PlatformProfile is what "aws-2023" or "aws-2022" means: scaling-rate bucket, account
// quota defaults, RPS multiplier, lifecycle limits and us-east-1 list prices. The scenario
// loader starts from a profile and applies the scenario's overrides; the model reads only
// the resolved values. Nothing else in the code base holds these numbers.
// Sources: ../shared/reference/lambda-semantics.md (section numbers in comments).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace lambdasim {

enum class ScalingScope { kPerFunction, kAccount };
// How a scaling bucket refills: continuously (AWS's stated practice) or in whole steps at
// each refill period (the launch post's "1,000 every 10 seconds").
enum class RefillMode { kContinuous, kStep };

// Prices in USD (us-east-1 list prices, §7) and the billing rules that are data. A scenario's
// `pricing:` block overrides any of them (scenarios/README.md, "Pricing").
// Sources: AWS Lambda pricing, https://aws.amazon.com/lambda/pricing/ [P]; "Introducing tiered
// pricing for AWS Lambda", AWS Compute Blog, Aug 2022 [TB].
struct Prices {
  double request_usd = 0.2e-6;              // [P] $0.20 per 1M requests
  double gb_second_x86_usd = 0.0000166667;  // [P] on-demand duration, first tier
  double gb_second_arm_usd = 0.0000133334;
  double pc_gb_second_x86_usd = 0.0000041667;  // [P] provisioned concurrency, while configured
  double pc_gb_second_arm_usd = 0.0000033334;
  double pc_duration_gb_second_x86_usd = 0.0000097222;  // [P] duration of invocations on PC
  double pc_duration_gb_second_arm_usd = 0.0000077778;
  bool bill_init = true;  // since 1 Aug 2025 init is billed for on-demand functions (§7, [S39])
  // Tiered on-demand duration [TB]: "0 – 6 billion x86 Same as today; 6 – 15 billion x86 10%;
  // Anything over 15 billion x86 20%; 0 – 7.5 billion arm64 …; 7.5 – 18.75 billion arm64 10%;
  // Anything over 18.75 billion arm64 20%" — monthly GB-seconds per architecture, per Region,
  // per account. Applied by the monthly projection (models/metrics/cost_projection.h).
  double tier1_gb_seconds_x86 = 6e9;   // first tier ends here (GB-s per month)
  double tier2_gb_seconds_x86 = 15e9;  // second tier ends here
  double tier1_gb_seconds_arm = 7.5e9;
  double tier2_gb_seconds_arm = 18.75e9;
  double tier2_price_factor = 0.9;  // 10 % off
  double tier3_price_factor = 0.8;  // 20 % off
  // Free tier [P]: "The free tier includes one million requests and 400,000 GB-seconds per
  // month" (x86 and arm64 in aggregate; not for functions with provisioned concurrency).
  // Off by default: planners size production accounts.
  bool free_tier = false;
  double free_tier_requests = 1e6;
  double free_tier_gb_seconds = 400000;
};

// AWS limits on the values a scenario may set: API and quota constraints, the same in every
// profile. The scenario key table (models/load/key_table.cc) takes its ranges from here.
// Sources: AWS Lambda Developer Guide, "Lambda quotas" (gettingstarted-limits.html) [Q];
// Lambda API Reference, CreateEventSourceMapping [ESM] and PutFunctionEventInvokeConfig [EIC];
// Amazon SQS Developer Guide, quotas and dead-letter queues [SQS]; Application Auto Scaling
// for Lambda provisioned concurrency (§4.3) [AS]; API Gateway quotas [APIGW]; AWS Step Functions
// Developer Guide (the Map state, service quotas) [SFN-*].
struct PlatformLimits {
  int64_t memory_mb_min = 128;    // [Q] "128 MB to 10,240 MB, in 1-MB increments"
  int64_t memory_mb_max = 10240;  // [Q]
  sim::Duration timeout_min = sim::Duration::Seconds(1);    // [Q] timeout is whole seconds >= 1
  sim::Duration timeout_max = sim::Duration::Seconds(900);  // [Q] "900 seconds (15 minutes)"
  // Asynchronous invocation [EIC] (§6.2).
  sim::Duration async_event_age_min = sim::Duration::Seconds(60);  // MaximumEventAgeInSeconds
  sim::Duration async_event_age_max = sim::Duration::Hours(6);     // 60 .. 21600
  int64_t async_retry_attempts_max = 2;                            // MaximumRetryAttempts 0 .. 2
  // Event source mappings [ESM] (§6.3, §6.4).
  int64_t esm_batch_size_max = 10000;  // BatchSize: SQS standard and streams, 1 .. 10 000
  int64_t sqs_batch_size_default = 10;
  int64_t stream_batch_size_default = 100;
  int64_t sqs_batch_size_without_window = 10;  // above it, a batching window of at least
  sim::Duration sqs_large_batch_window_min = sim::Duration::Seconds(1);  // this is required
  sim::Duration esm_batching_window_max = sim::Duration::Seconds(300);   // 0 .. 300 s
  int64_t sqs_maximum_concurrency_min = 2;     // ScalingConfig.MaximumConcurrency 2 .. 1000
  int64_t sqs_maximum_concurrency_max = 1000;  // [ESM]
  sim::Duration sqs_visibility_timeout_max = sim::Duration::Hours(12);        // [SQS]
  sim::Duration sqs_visibility_timeout_default = sim::Duration::Seconds(30);  // [SQS]
  int64_t sqs_max_receive_count_max = 1000;        // [SQS] redrive policy maxReceiveCount 1 .. 1000
  int64_t stream_parallelization_factor_max = 10;  // ParallelizationFactor 1 .. 10
  int64_t stream_retry_attempts_max = 10000;       // MaximumRetryAttempts -1 .. 10 000
  sim::Duration stream_record_age_min = sim::Duration::Seconds(60);      // MaximumRecordAge-
  sim::Duration stream_record_age_max = sim::Duration::Seconds(604800);  // InSeconds 60 .. 7 d
  // Provisioned pollers [SQS-PARAM], [KAFKA-MODES] (PlatformProfile::EventPollerRules):
  // SQS minimum 2..200 (default 2), maximum 2..2000 (default 200); Kafka minimum 1..200
  // (default 1), maximum 1..2000 (default 200). Kafka partitions: the format's bound.
  int64_t sqs_pollers_min = 2;
  int64_t kafka_pollers_min = 1;
  int64_t pollers_minimum_max = 200;
  int64_t pollers_maximum_max = 2000;
  int64_t pollers_maximum_default = 200;
  int64_t kafka_partitions_max = 100000;
  int64_t sqs_fifo_message_groups_max = 1000000;
  // Provisioned concurrency autoscaling target utilization [AS]: 10 % .. 90 %.
  double pc_target_utilization_min = 0.1;
  double pc_target_utilization_max = 0.9;
  // API Gateway integration timeout [APIGW]: 50 ms minimum, 29 s default (raisable).
  sim::Duration api_gateway_timeout_min = sim::Duration::Millis(50);
  sim::Duration api_gateway_timeout_max = sim::Duration::Seconds(300);
  sim::Duration api_gateway_timeout_default = sim::Duration::Seconds(29);
  // Step Functions Map state (issue 18, part 3). [SFN-INLINE] "Using Map state in Inline mode"
  // (state-map-inline.html): "In this mode, the Map state supports up to 40 concurrent
  // iterations." [SFN-DIST] "Using Map state in Distributed mode" (state-map-distributed.html):
  // "You can specify the number of child workflow executions that can run in parallel. … If you
  // don't specify, Step Functions runs 10,000 parallel child workflow executions in parallel."
  // [SFN-Q] "Step Functions service quotas" (service-quotas.html): "Maximum open Map Runs: 1000
  // (this quota applies to Distributed Map states)"; StateTransition token bucket 5,000 burst
  // and 5,000/s refill in us-east-1, us-west-2 and eu-west-1, 800 and 800/s elsewhere, Standard
  // workflows only ("New AWS accounts have reduced state transition quotas") — recorded here,
  // not modeled: an item costs a few transitions, so the bucket binds only above ~1 000
  // items/s per account [INFERRED]. [SFN-EXPRESS] "Quotas for Express Workflows": maximum
  // execution time 5 minutes. [SFN-ERR] "Handling errors in Step Functions workflows": a
  // Retrier's IntervalSeconds defaults to 1, MaxAttempts to 3, BackoffRate to 2.0; without a
  // matching Retrier the error fails the state ("When Lambda hits the maximum number of
  // invocations, the error is Lambda.TooManyRequestsException", bp-lambda-serviceexception).
  int64_t sfn_inline_map_max_concurrency = 40;          // [SFN-INLINE]
  int64_t sfn_distributed_map_max_concurrency = 10000;  // [SFN-DIST]
  int64_t sfn_open_map_runs_max = 1000;                 // [SFN-Q] (not modeled)
  int64_t sfn_state_transition_burst = 5000;            // [SFN-Q] large regions (not modeled)
  int64_t sfn_state_transition_refill_per_s = 5000;     // [SFN-Q] (not modeled)
  sim::Duration sfn_express_max_duration = sim::Duration::Minutes(5);    // [SFN-EXPRESS]
  sim::Duration sfn_retry_interval_default = sim::Duration::Seconds(1);  // [SFN-ERR]
  int64_t sfn_retry_max_attempts_default = 3;                            // [SFN-ERR]
  double sfn_retry_backoff_rate_default = 2.0;                           // [SFN-ERR]
  // API Gateway throttles (`api_gateway:`, `api_gateway_throttle:`): the scenario format's
  // bounds, not AWS's. The bucket is kept in units of 1e-12 token (models/lambda/api_gateway.h),
  // so a burst of 1 000 000 tokens is 1e18 units, inside int64; rates resolve to 0.001 /s.
  double api_gateway_rate_limit_max = 1e9;        // requests per second
  int64_t api_gateway_burst_limit_max = 1000000;  // requests
};

// Lambda Managed Instances (issue 19 part 5; `managed_instances:` on a function, the model in
// models/lambda/managed_instances.h). Sources, AWS Lambda Developer Guide and API Reference:
// [LMI] "Lambda Managed Instances" (lambda-managed-instances.html); [LMI-SCALE] "Scaling Lambda
// Managed Instances" (lambda-managed-instances-scaling.html); [LMI-TS] "Troubleshooting Lambda
// Managed Instances"; [LMI-NODE]/[LMI-JAVA]/[LMI-PY] "<runtime> runtime for Lambda Managed
// Instances"; [API-CP] LambdaManagedInstancesCapacityProviderConfig; [API-SC]
// CapacityProviderScalingConfig; [P] AWS Lambda pricing (aws.amazon.com/lambda/pricing).
struct ManagedInstancesRules {
  // [LMI-SCALE] "If your traffic more than doubles within 5 minutes, you may see throttles as
  // Lambda scales up instances and execution environments to meet demand." [LMI] "Lambda
  // Managed Instances scale to handle traffic doubling within five minutes by default." ⇒
  // capacity grows by at most growth_factor per growth_window.
  double growth_factor = 2.0;
  sim::Duration growth_window = sim::Duration::Minutes(5);
  // [LMI-SCALE] "It launches three by default for AZ resiliency and starts three execution
  // environments before marking your function version ACTIVE."
  int64_t min_instances_default = 3;
  // [LMI-SCALE] "Managed Instances currently scales based on CPU resource utilization and
  // multi-concurrency saturation." The target is not published [INFERRED]: 0.5 of the fleet's
  // concurrency slots keeps the headroom for exactly one doubling, the behaviour [LMI] states.
  double target_utilization_default = 0.5;
  // How often the scaler looks, how long an instance takes to join, and how long load must
  // stay low before an idle instance is removed: AWS gives no numbers [INFERRED]. [LMI-TS]
  // "Instances take a long time to scale down after traffic decreases."
  sim::Duration scaling_interval_default = sim::Duration::Seconds(10);
  sim::Duration launch_delay_default = sim::Duration::Seconds(60);
  sim::Duration scale_in_delay_default = sim::Duration::Minutes(15);
  // Per-environment maximum concurrency per vCPU, by runtime: [LMI-NODE] "For Node.js runtimes,
  // the default is 64 concurrent requests per vCPU"; [LMI-JAVA] "For Java runtimes, the default
  // is 32 concurrent requests per vCPU"; [LMI-PY] "For Python runtimes, the default is 16
  // concurrent requests per vCPU"; .NET 32 (the .NET page, as Java) [INFERRED from the blog
  // "Java and .NET get 32"]. [API-CP] PerExecutionEnvironmentMaxConcurrency 1 .. 1600.
  int64_t concurrency_per_vcpu_nodejs = 64;
  int64_t concurrency_per_vcpu_java = 32;
  int64_t concurrency_per_vcpu_python = 16;
  int64_t concurrency_per_vcpu_dotnet = 32;
  int64_t per_environment_concurrency_max = 1600;
  // [API-CP] "ExecutionEnvironmentMemoryGiBPerVCpu … Valid Range: Minimum value of 2.0. Maximum
  // value of 8.0." Default 2 [INFERRED: the lowest ratio; LMI-SCALE "You can't choose less than
  // 2GB, as this aligns with the 2:1 memory-to-vCPU ratio of c instances"].
  double memory_gib_per_vcpu_min = 2.0;
  double memory_gib_per_vcpu_max = 8.0;
  double memory_gib_per_vcpu_default = 2.0;
  // [LMI-SCALE] "The supported minimum function size is 2GB and 1 vCPU."
  int64_t function_memory_mb_min = 2048;
  // [API-SC] "MaxVCpuCount … Valid Range: Minimum value of 2. Maximum value of 15000." The
  // default when unset is not published; the API maximum [INFERRED].
  int64_t max_vcpus_min = 2;
  int64_t max_vcpus_max = 15000;
  // [P] "15% premium on the EC2 on-demand instance price" (compute management fee), requests
  // "$0.20 per million requests" (Prices::request_usd); no duration charge.
  double management_fee = 0.15;
  // The instance when none is given: m7g.xlarge, 4 vCPU, 16 GiB, $0.1632 per hour in us-east-1
  // (EC2 on-demand list price; not on a Lambda page [INFERRED example]: set the price of your
  // instance type).
  int64_t instance_vcpus_default = 4;
  double instance_memory_gb_default = 16;
  double instance_price_per_hour_usd_default = 0.1632;
};

struct PlatformProfile {
  std::string name;
  PlatformLimits limits;  // API limits, the same in every profile
  // Scaling-rate token bucket (§2.1, §2.3): tokens are new on-demand environments.
  // AWS, scaling-behavior.html: "for each function, your concurrency scaling rate is 1,000
  // execution environment instances every 10 seconds (or 10,000 requests per second every 10
  // seconds)" and "Lambda makes a best attempt to refill your concurrency scaling rate
  // continuously over time, rather than in one single refill of 1,000 units every 10 seconds."
  ScalingScope scaling_scope = ScalingScope::kPerFunction;
  int64_t scaling_burst = 1000;
  int64_t scaling_refill_count = 1000;  // tokens added per refill period (= 100/s)...
  sim::Duration scaling_refill_period = sim::Duration::Seconds(10);  // ...continuously
  // The RPS side of the same rule, per function: 10 000 more requests per second at once,
  // 10 000 more every 10 s (scaling-behavior.html, quoted above). 0 = no RPS side.
  int64_t scaling_rps_burst = 10000;
  int64_t scaling_rps_refill_count = 10000;
  sim::Duration scaling_rps_refill_period = sim::Duration::Seconds(10);
  RefillMode scaling_refill_mode = RefillMode::kContinuous;
  // Account pool (§1.4).
  int64_t concurrency_limit = 1000;
  int64_t unreserved_minimum = 100;
  int64_t rps_per_concurrency = 10;  // §1.3: RPS limit = 10 × the relevant concurrency quota
  // Lifecycle (§5).
  sim::Duration init_limit = sim::Duration::Seconds(10);
  sim::Duration default_keep_alive = sim::Duration::Minutes(10);  // [INFERRED] §5.5
  sim::Duration max_lifetime_min = sim::Duration::Hours(2);       // [INFERRED] §5.6
  sim::Duration max_lifetime_max = sim::Duration::Hours(6);
  sim::Duration default_timeout = sim::Duration::Seconds(3);
  // Provisioned concurrency allocation (§2.2): prep delay U(min, max), then
  // pc_allocation_burst environments at once and pc_allocation_per_minute each further minute.
  // aws-2023 (§2.2, scaling-behavior): "Lambda can provision up to 6,000 execution environments
  // every minute" and "you can't access any of those environments until Lambda completely
  // finishes allocating them" ⇒ burst 0, 6000/min, all usable at once at the end.
  // aws-2022 (§2.3; provisioned-concurrency.md of the Lambda Developer Guide before Nov 2023,
  // awsdocs/aws-lambda-developer-guide doc_source/provisioned-concurrency.md): "up to 3000
  // instances of the function can be initialized at once, depending on the Region. After the
  // initial burst, instances are allocated at a steady rate of 500 per minute until the request
  // is fulfilled" ⇒ burst = the Region's burst quota (3000/1000/500), 500/min, usable as they
  // come. (The old quota was shared across all PC requests in the Region; here it applies
  // per request.)
  sim::Duration pc_allocation_delay_min = sim::Duration::Seconds(60);
  sim::Duration pc_allocation_delay_max = sim::Duration::Seconds(120);
  int64_t pc_allocation_burst = 0;
  int64_t pc_allocation_per_minute = 6000;
  bool pc_allocation_all_at_once = true;
  // SQS event source mapping pollers (§6.3). Lambda Developer Guide, "Configuring scaling
  // behavior for SQS event source mappings" (services-sqs-scaling.html) [S14]: "Lambda starts
  // processing five batches at a time … increases the number of processes that are reading
  // batches by up to 300 more instances per minute. The maximum number of batches that an
  // event source mapping can process simultaneously is 1,000." (+60/min before Nov 2023.)
  // SqsPollerRules: how the pollers scale down and back off — the numbers the scale-up rule
  // does not cover. Copied into each SQS source (EventSourceSpec::sqs_pollers);
  // the YAML keys `low_traffic_minimum` and `throttle_retry_{base,max}` override three of them.
  // [S14] services-sqs-scaling.html; [S16] "Handling errors for an SQS event source in Lambda"
  // (services-sqs-errorhandling.html, also the operator guide's sqs-retries.html).
  struct SqsPollerRules {
    // [S14] "When traffic is low, Lambda scales back the processing to five concurrent batches,
    // and can optimize to as few as 2 concurrent batches … However, this optimization is not
    // available when you enable the maximum concurrency setting."
    int64_t low_traffic_concurrency = 5;  // after one low-traffic window
    int64_t low_traffic_minimum = 2;      // after a second one, without maximum_concurrency
    // "Low traffic" [INFERRED]: for this long, at no one-second tick were all the pollers busy
    // while messages waited. AWS gives no window; one minute matches its per-minute scale-up.
    sim::Duration scale_down_window = sim::Duration::Seconds(60);
    // [S16] "If the invocation fails due to throttling, Lambda gradually backs off retries by
    // reducing the amount of concurrency allocated to your Amazon SQS event source mapping.
    // Lambda continues to retry the message until the message's timestamp exceeds your queue's
    // visibility timeout". By how much is undocumented: one batch per throttle [INFERRED], and
    // no scale-up at a tick that follows a throttle (Knowledge Center "lambda-sqs-scaling":
    // "Lambda throttles function scaling when invocation errors occur"). AWS describes no
    // pause of the receives: throttle_pause 0 [INFERRED]; the model before issue 14 paused
    // them for 1 s after each throttle (set 1s for that, pessimistic, reading).
    int64_t throttle_concurrency_step = 1;
    sim::Duration throttle_pause = sim::Duration();
    // The throttled batch's own retries [INFERRED]: base·2^(k−1) after its k-th throttle, capped,
    // until its visibility timeout runs out — the async shape (invocation-async-error-handling:
    // "from 1 second after the first attempt to a maximum of 5 minutes"). When an invocation
    // of the same mapping ends, the oldest throttled batch is retried at once [INFERRED].
    sim::Duration throttle_retry_base = sim::Duration::Seconds(1);
    sim::Duration throttle_retry_max = sim::Duration::Minutes(5);
  };
  int64_t sqs_initial_concurrency = 5;    // [S14]
  int64_t sqs_scale_up_per_minute = 300;  // [S14]
  int64_t sqs_max_concurrency = 1000;     // [S14]; ScalingConfig.MaximumConcurrency 2 .. 1000
  SqsPollerRules sqs_pollers;             // scale-down and throttle back-off (above)
  // --- Issue 19 parts 1–3: SQS FIFO, Kafka (Amazon MSK and self-managed), provisioned pollers.
  // [SQS-SCALE] "Configuring scaling behavior for SQS event source mappings"
  // (services-sqs-scaling.html): "For FIFO queues, Lambda sends messages to your function in the
  // order that it receives them. … If your function returns an error, the function attempts all
  // retries on the affected messages before Lambda receives additional messages from the same
  // group." Knowledge Center "lambda-sqs-scaling": "If you use FIFO event source mapping, then
  // functions can scale in concurrency to the number of active message groups." (The same page's
  // note caps FIFO concurrency by the message group IDs or maximum concurrency, the lower.)
  // [SQS-PARAM] "Lambda parameters for Amazon SQS event source mappings"
  // (services-sqs-parameters.html): BatchSize "For FIFO queues, the maximum is 10";
  // MaximumBatchingWindowInSeconds "Batching window is not supported for FIFO queues";
  // ProvisionedPollerConfig "Configures the minimum (2-200) and maximum (2-2000) number of
  // dedicated event pollers for the SQS event source mapping. Each poller can handle up to 1
  // MB/sec of throughput and 10 concurrent invokes."
  // [KAFKA-MODES] "Apache Kafka event poller scaling modes in Lambda" (kafka-scaling-modes.html):
  // "In one-minute intervals, Lambda evaluates the offset lag of all the partitions in the
  // topic. … If necessary, Lambda adds or removes event pollers from the topic. This autoscaling
  // process of adding or removing event pollers occurs within three minutes of evaluation."; "If
  // your target Lambda function is throttled, Lambda reduces the number of event pollers.";
  // provisioned: "each event poller can handle up to 5 MB/sec of throughput or up to 5
  // concurrent invocations"; "MinimumPollers … 1–200 … MaximumPollers … 1–2,000"; "to maintain
  // ordered processing within partitions, Lambda caps the MaximumPollers to the number of
  // partitions in the topic."
  // [KAFKA-PARAM] "All Amazon MSK event source configuration parameters in Lambda"
  // (msk-esm-parameters.html): BatchSize default 100, maximum 10,000;
  // MaximumBatchingWindowInSeconds default 500 ms; MaximumRetryAttempts and
  // MaximumRecordAgeInSeconds "-1 (infinite)"; BisectBatchOnFunctionError default False.
  // [KAFKA-BLOG] "Introducing Provisioned Mode for Kafka Event Source Mappings with AWS Lambda"
  // (AWS Compute Blog): "When a Kafka ESM is created, Lambda ESM allocates one event poller to
  // start polling for messages in a Kafka topic."
  // [SQS-PROV-BLOG] "AWS Lambda enhances event processing with provisioned mode for SQS
  // event-source mapping" (AWS News Blog): "These event pollers can auto scale up to 1000 per
  // concurrent executions per minute … and provide up to 20,000 concurrency".
  // [P-ESM] AWS Lambda pricing, "Provisioned Mode for Event Source Mapping (ESM) Pricing": "SQS
  // ESM: An EPU supports one event poller"; example 2 "The EPU price is $0.00925 per EPU-hour";
  // "MSK or Self-managed Kafka (SMK) ESM: Each EPU supports up to 20 MB/s throughput capacity for
  // event polling, with a default of 10 event pollers"; example 3 "EPU-hours price is
  // $0.185/hour and supports 10 event pollers per EPU"; "Pricing is calculated per second, with
  // a 1-minute minimum." (us-east-1).
  struct EventPollerRules {
    int64_t sqs_fifo_batch_size_max = 10;  // [SQS-PARAM]
    // A FIFO batch holds messages of one group [INFERRED]: AWS allows several groups per batch,
    // which can only lower the concurrency bound; one group per batch is the upper reading.
    // FIFO pollers do not ramp [INFERRED]: AWS states only the cap (groups, maximum concurrency).
    int64_t kafka_batch_size_default = 100;                                    // [KAFKA-PARAM]
    sim::Duration kafka_batching_window_default = sim::Duration::Millis(500);  // [KAFKA-PARAM]
    int64_t kafka_initial_pollers = 1;                                         // [KAFKA-BLOG]
    sim::Duration kafka_evaluation_interval = sim::Duration::Minutes(1);       // [KAFKA-MODES]
    // "within three minutes of evaluation": the new pollers start this long after the
    // evaluation [INFERRED: the middle of 0..3 min]. Key `scale_delay`.
    sim::Duration kafka_scale_delay = sim::Duration::Seconds(90);
    // On demand, a poller is one consumer with one batch in flight [INFERRED: the Kafka
    // consumer model; the cap "one per partition" holds either way]; an evaluation with lag
    // doubles the pollers [INFERRED: AWS gives no step], up to the partitions.
    int64_t kafka_on_demand_invokes_per_poller = 1;
    int64_t kafka_provisioned_invokes_per_poller = 5;    // [KAFKA-MODES]
    int64_t kafka_pollers_per_epu = 10;                  // [P-ESM]
    int64_t sqs_provisioned_invokes_per_poller = 10;     // [SQS-PARAM]
    int64_t sqs_provisioned_scale_up_per_minute = 1000;  // [SQS-PROV-BLOG] concurrency/min
    int64_t sqs_provisioned_concurrency_max = 20000;     // [SQS-PROV-BLOG]
    // Provisioned Kafka pollers follow the backlog each second [INFERRED: "responsive
    // autoscaling"; no rate is documented].
    sim::Duration kafka_provisioned_evaluation_interval = sim::Duration::Seconds(1);
    double sqs_epu_hour_usd = 0.00925;                              // [P-ESM] one poller per EPU
    double kafka_epu_hour_usd = 0.185;                              // [P-ESM] ten pollers per EPU
    sim::Duration epu_minimum_billing = sim::Duration::Minutes(1);  // [P-ESM] (not modeled)
  };
  EventPollerRules event_pollers;
  Prices prices;
  // API Gateway's account-level throttle per Region: a token bucket in front of every
  // `via: api-gateway` traffic entry (models/lambda/api_gateway.h; `api_gateway:` overrides).
  // "Amazon API Gateway quotas" (apigateway/latest/developerguide/limits.html) [APIGW-Q]:
  // "Throttle quota per account, per Region across HTTP APIs, REST APIs, WebSocket APIs, and
  // WebSocket callback APIs | 10,000 requests per second (RPS) with an additional burst capacity
  // provided by the token bucket algorithm, using a maximum bucket capacity of 5,000 requests."
  // The same page: "For the following Regions, the default throttle quota is 2500 RPS and the
  // default burst quota is 1250 RPS: Africa (Cape Town), Europe (Milan), …" — see
  // ApiGatewayThrottleForRegion. The quota has been the same since "Posted On: Jun 6, 2017"
  // ("raised the default limit … to 10,000 requests per second (RPS) from 1,000 RPS. The burst
  // limit has been raised to 5,000"), so both profiles carry it.
  int64_t api_gateway_rate_limit_per_s = 10000;
  int64_t api_gateway_burst_limit = 5000;
  ManagedInstancesRules managed_instances;  // Lambda Managed Instances (above)
  // SnapStart (models/lambda/snapstart.h; `snapstart: true` on a function). Sources:
  // "Improving startup performance with Lambda SnapStart" (snapstart.html) [SS]; "Monitoring for
  // Lambda SnapStart" (snapstart-monitoring.html) [SSM]; AWS Lambda pricing [P].
  struct SnapStartRules {
    // [SS] supported managed runtimes: "Java 11 and later, Python 3.12 and later, .NET 8 and
    // later"; "Implementing SnapStart hooks for container images": "(Java version 11+, Python
    // version 3.12+, and .NET version 8+)" (identifiers java11, python3.12, dotnet8). Other
    // managed runtimes (e.g. nodejs24.x, ruby3.4) are refused.
    int64_t java_min_version = 11;
    int64_t python_min_minor = 12;  // python3.<minor>
    int64_t dotnet_min_version = 8;
    // Restore duration when the function does not give `snapstart_restore_duration`
    // [INFERRED]: lognormal, median 400 ms, p99 1.5 s. [SS] promises "as low as sub-second
    // startup performance" and, at best, cuts init latency "from several seconds to sub-second"
    // (paraphrase); public measurements (scenarios/README.md, "SnapStart")
    // report restores of a few hundred milliseconds.
    double restore_median_s = 0.4;
    double restore_p99_s = 1.5;
    // [SSM] "Restore Duration: The time it takes for Lambda to restore a snapshot, load the
    // runtime, and run any after-restore runtime hooks" and "Billed Restore Duration: The time it
    // takes for Lambda to load the runtime and run any after-restore runtime hooks"; "The cold
    // start duration is the sum of Restore Duration + Duration." The split is not published:
    // the billed share of a restore is 1.0 [INFERRED, an upper bound on cost].
    double billed_restore_share = 1.0;
    // [P] (us-east-1): "Cache $0.0000015046 per GB-second (minimum 3 hours)" and "Restore
    // $0.0001397998 for every GB restored" — charged for Python and .NET functions. Java: none
    // (AWS, serverlessland.com "Java replatforming: SnapStart": "Lambda SnapStart for Java can
    // improve startup performance by up to 10x ... stores it in a multi-tiered cache ... There is
    // no additional cost for using SnapStart"). The cache's tiers are not quantified by AWS and
    // are not modelled: every restore draws from the one restore distribution.
    double cache_gb_second_usd = 0.0000015046;
    double restore_gb_usd = 0.0001397998;
    // The cache's "(minimum 3 hours)" is per published version; a run is a window of a
    // version's life, so the model charges the cache per second of the measured period and
    // does not apply the minimum (scenarios/README.md, "SnapStart").
  };
  SnapStartRules snapstart;
  // Tenant isolation mode (models/lambda/tenant_pools.h; `tenant_isolation:` on a function).
  // Sources: "Tenant isolation" (tenant-isolation.html) [TI]: "Lambda uses a customer-specified
  // tenant identifier to route requests to underlying function execution environments, ensuring
  // that a function's execution environments are only used to serve invocations from the
  // specified end-user or tenant"; "Troubleshooting tenant isolation for Lambda functions"
  // (tenant-isolation-troubleshooting.html) [TIT].
  struct TenantIsolationRules {
    // [TIT] "Lambda limits the maximum number of tenant-aware execution environments (active or
    // idle) that can exist at a time to 2,500 for every 1,000 concurrent executions of your
    // function" (a TooManyRequestsException "Rate exceeded"). "Concurrent executions of your
    // function" is read as its concurrency limit: reserved concurrency, else the account's
    // concurrency limit [INFERRED].
    int64_t environments_per_1000_concurrency = 2500;
    // Price of creating a tenant-isolated environment, per GB of memory [UNVERIFIED: from a
    // transcription of the Lambda Price List ("Tenant isolation mode | New tenant-isolated
    // environment | Per GB of memory created | $0.000166667/GB (x86), $0.000133333 (Arm)");
    // no stored AWS page states it]. Off unless `tenant_isolation.charge_environments: true`.
    double environment_gb_x86_usd = 0.000166667;
    double environment_gb_arm_usd = 0.000133333;
  };
  TenantIsolationRules tenant_isolation;
};

// aws-2023 (default): per-function bucket, 1000 burst, 100/s continuous refill.
// aws-2022: account-wide bucket of 3000/1000/500 by region, refilled at 500/min.
// Returns nullopt for an unknown name.
std::optional<PlatformProfile> LookupPlatform(std::string_view name, std::string_view region);
std::vector<std::string> PlatformNames();

// §2.3 burst by region under the 2022 rule: 3000 for us-east-1/us-west-2/eu-west-1,
// 1000 for ap-northeast-1/eu-central-1/us-east-2, 500 elsewhere.
int64_t Aws2022BurstForRegion(std::string_view region);

// API Gateway's default account throttle in `region` [APIGW-Q]: {rate per second, burst}. The
// quotas page lists thirteen Regions at 2500 RPS / 1250 burst (af-south-1, eu-south-1,
// ap-southeast-3, me-central-1, ap-south-2, ap-southeast-4, eu-south-2, eu-central-2,
// il-central-1, ca-west-1, ap-southeast-5, ap-southeast-7, mx-central-1); elsewhere 10 000 / 5 000.
struct ApiGatewayQuota {
  int64_t rate_limit_per_s = 10000;
  int64_t burst_limit = 5000;
};
ApiGatewayQuota ApiGatewayThrottleForRegion(std::string_view region);

}  // namespace lambdasim

// models/import/terraform_import.h — `terraform show -json` plan → ImportedScenario.
//
// Reads planned_values.root_module (and its child_modules, recursively) of the JSON that
// `terraform show -json PLAN` prints and maps:
//   aws_lambda_function → a function (memory_size, timeout, architectures,
//     reserved_concurrent_executions; −1 = unreserved);
//   aws_lambda_provisioned_concurrency_config → provisioned_concurrency of the function its
//     function_name names (a name or an ARN);
//   aws_lambda_event_source_mapping → a `source:` entry (SQS / Kinesis / DynamoDB from the
//     event_source_arn), with the queue's visibility_timeout_seconds or the stream's
//     shard_count when aws_sqs_queue / aws_kinesis_stream of that name is in the plan.
// Invariants: function names are the planned function_name (sanitised; the resource name when
// the value is unknown until apply); every function has a traffic entry with a placeholder rate
// and a placeholder duration, both TODO; errors carry file:line:col and the JSON path
// ("planned_values.root_module.resources[2].values.memory_size"); a module or resources list
// met twice (a YAML alias: a module that is its own child, or one aliased twice) and
// child_modules nested deeper than 100 levels are errors too, so the walk is bounded by the
// text. Resources of other types are skipped with one warning.
#pragma once

#include <string>
#include <string_view>

#include "models/import/scenario_writer.h"

namespace lambdasim::import {

ImportedScenario ImportTerraform(std::string_view text, const std::string& label,
                                 const std::string& scenario_name);

}  // namespace lambdasim::import

// models/import/sam_import.h — SAM and plain CloudFormation templates → ImportedScenario.
//
// Reads a template (YAML or JSON; short-form intrinsics !Ref, !GetAtt, !Sub, !If, !Join, …
// are tagged nodes and never a parse error) and maps what it says about Lambda:
//   Globals.Function, AWS::Serverless::Function, AWS::Lambda::Function → functions
//     (MemorySize, Timeout, Architectures, ReservedConcurrentExecutions,
//      ProvisionedConcurrencyConfig; for plain CloudFormation the PC of an AWS::Lambda::Alias
//      or AWS::Lambda::Version whose FunctionName refers to the function);
//   Events: Api/HttpApi → sync traffic via API Gateway; SQS → an sqs `source:` (BatchSize,
//     MaximumBatchingWindowInSeconds, ScalingConfig.MaximumConcurrency, the queue's
//     VisibilityTimeout when the queue is in the template); Kinesis/DynamoDB → a stream source;
//     S3/SNS/EventBridgeRule/CloudWatchEvent/Schedule → async traffic;
//   AWS::Lambda::EventSourceMapping → a source on the function it names.
// Invariants: function names are the logical IDs (sanitised with a warning when they break the
// scenario's name rule); each function gets at least one traffic entry with a placeholder rate
// and a placeholder duration, both marked TODO; a value an intrinsic hides (other than a !Ref
// to a parameter with a Default) falls back to the AWS default with a warning and a TODO.
// Errors (ScenarioError, file:line:col): not YAML/JSON, no Resources, a resource that is not a
// mapping or has no Type, a malformed Type or an unknown AWS::Serverless::* / AWS::Lambda::*
// type, a value out of AWS's range, more events read through aliases (Properties or Events
// shared by functions) than the template holds nodes. Other resource types are skipped with
// one warning listing them.
#pragma once

#include <string>
#include <string_view>

#include "models/import/scenario_writer.h"

namespace lambdasim::import {

ImportedScenario ImportSam(std::string_view text, const std::string& label,
                           const std::string& scenario_name);

}  // namespace lambdasim::import

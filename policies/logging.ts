import type { Statement } from "./document";

/**
 * What Step Functions needs of the execution role to deliver logs to CloudWatch Logs (and traces
 * to X-Ray). These log-delivery actions take no resource-level scope.
 */
export function observabilityStatements(xray: boolean): Statement[] {
  const logs: Statement = {
    Sid: "DeliverExecutionLogs",
    Effect: "Allow",
    Action: [
      "logs:CreateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:DescribeLogGroups",
      "logs:DescribeResourcePolicies",
      "logs:GetLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:UpdateLogDelivery",
    ],
    Resource: "*",
  };
  const traces: Statement = {
    Sid: "SendTraces",
    Effect: "Allow",
    Action: [
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ],
    Resource: "*",
  };
  return xray ? [logs, traces] : [logs];
}

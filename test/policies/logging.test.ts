import { expect } from "chai";
import type { PolicyDocument } from "../../policies/document";
import { planStack } from "../../stack/plan";
import { models } from "../helpers/rehearsal";

/**
 * What a machine's role may do so that Step Functions delivers its logs to CloudWatch Logs and its
 * traces to X-Ray, as `policies/logging.ts` states it (none of these actions takes a resource):
 * pinned, so that an action lost, a scope changed or traces granted without tracing fail here.
 */
const LOG_DELIVERY = [
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
];
const TRACES = [
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
];

/** Each machine role's actions of `service` that its identity policy allows on "*". */
function allowedEverywhere(xrayTracing: boolean, service: string): string[][] {
  const { prod, dev } = models({ xrayTracing });
  return [planStack(prod), planStack(dev)].flatMap((plan) =>
    [...new Set(plan.machines.map((m) => m.role))].map((role) => {
      const document: PolicyDocument = plan.policies.find(
        (p) => p.name === `${role}.identity`,
      )!.document;
      return document.Statement.filter((s) => s.Effect === "Allow" && s.Resource === "*")
        .flatMap((s) => [s.Action ?? []].flat())
        .filter((action) => action.startsWith(`${service}:`))
        .sort();
    }),
  );
}

describe("what a machine's role may do to deliver its logs and traces", () => {
  it("delivers logs, whatever the settings", () => {
    for (const xray of [false, true]) {
      const roles = allowedEverywhere(xray, "logs");
      expect(roles.length).to.be.at.least(2);
      for (const actions of roles) expect(actions).to.deep.equal(LOG_DELIVERY);
    }
  });

  it("sends traces where xrayTracing is on, and only there", () => {
    const on = allowedEverywhere(true, "xray");
    expect(on.length).to.be.at.least(2);
    for (const actions of on) expect(actions).to.deep.equal(TRACES);
    for (const actions of allowedEverywhere(false, "xray")) expect(actions).to.deep.equal([]);
  });
});

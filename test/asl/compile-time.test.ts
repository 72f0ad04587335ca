/**
 * What the types of the builder refuse. Each `@ts-expect-error` line below must fail to type-check:
 * `tsc --noEmit` (run by CI) reports an unused `@ts-expect-error` if the builder ever accepts it.
 * The erroneous calls sit in functions that are never called; the runtime tests check that the
 * same calls, written correctly, build and render.
 */
import { expect } from "chai";
import {
  $,
  buildStateMachine,
  Flow,
  sdkCall,
  sdkError,
  type Payload,
  type SdkInput,
} from "../../asl";

/** A complete, correct StartBackupJob input: the erroneous calls differ from it in one thing. */
const startBackupInput = {
  BackupVaultName: "prod-vault",
  ResourceArn: $("$.tableArn"),
  IamRoleArn: "arn:aws:iam::111111111111:role/backup",
} satisfies Payload<SdkInput<"backup", "startBackupJob">>;

const describeTable = sdkCall("dynamodb", "describeTable", { TableName: "orders" });

function _neverCalled(): void {
  sdkCall("backup", "startBackupJob", {
    ...startBackupInput,
    // @ts-expect-error a misspelled parameter name
    BackupVaultNam: "prod-vault",
  });

  sdkCall("backup", "startBackupJob", {
    ...startBackupInput,
    // @ts-expect-error BackupVaultName is a string
    BackupVaultName: 3,
  });

  // @ts-expect-error BackupVaultName is required
  sdkCall("backup", "startBackupJob", { ResourceArn: "arn", IamRoleArn: "arn" });

  // @ts-expect-error no such action
  sdkCall("backup", "startBackupJobb", startBackupInput);

  // @ts-expect-error no such service
  sdkCall("dynamo", "deleteTable", { TableName: "orders" });

  sdkCall("dynamodb", "updateTable", {
    TableName: "orders",
    // @ts-expect-error BillingMode is PAY_PER_REQUEST or PROVISIONED
    BillingMode: "PAY_PER_REQ",
  });

  // @ts-expect-error Step Functions takes PascalCase parameters even for camelCase APIs
  sdkCall("sfn", "describeExecution", { executionArn: "arn" });

  // @ts-expect-error a misspelled error name
  sdkError("dynamodb", "ResourceNotFoundExceptio");

  // @ts-expect-error an error of another service
  sdkError("dynamodb", "ExecutionDoesNotExist");

  // @ts-expect-error a state either names its successor or ends
  Flow.start().pass("A", { Next: "B", End: true });

  // @ts-expect-error a Task either names its successor or ends
  Flow.start().task("A", describeTable, { Next: "B", End: true });

  // @ts-expect-error End is true or absent
  Flow.start().pass("A", { End: false });

  // @ts-expect-error a Fail has Error or ErrorPath, not both
  Flow.start().fail("A", { Error: "Broken", ErrorPath: "$.error" });
}

describe("asl compile-time checks: the correct forms of the refused calls", () => {
  it("builds StartBackupJob from the input the refused calls are derived from", () => {
    expect(sdkCall("backup", "startBackupJob", startBackupInput).parameters).to.deep.equal({
      BackupVaultName: "prod-vault",
      IamRoleArn: "arn:aws:iam::111111111111:role/backup",
      "ResourceArn.$": "$.tableArn",
    });
  });

  it("accepts a BillingMode the SDK declares", () => {
    const call = sdkCall("dynamodb", "updateTable", {
      TableName: "orders",
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(call.parameters).to.deep.equal({ BillingMode: "PAY_PER_REQUEST", TableName: "orders" });
  });

  it("accepts a modelled error name", () => {
    expect(sdkError("dynamodb", "ResourceNotFoundException")).to.equal(
      "DynamoDb.ResourceNotFoundException",
    );
  });

  it("accepts Next alone and End alone", () => {
    const flow = Flow.start()
      .pass("A", { Next: "C" })
      .task("B", describeTable, { End: true })
      .task("C", describeTable, { Next: "B" });
    const { States } = buildStateMachine(flow);
    expect(States["A"]).to.deep.equal({ Type: "Pass", Next: "C" });
    expect(States["B"]).to.include({ End: true }).and.not.have.property("Next");
    expect(States["C"]).to.include({ Next: "B" }).and.not.have.property("End");
  });
});

import { expect } from "chai";
import {
  $,
  buildStateMachine,
  Flow,
  iamActionOfResource,
  Retry,
  retryCall,
  sdkCall,
  sdkError,
  sdkUnmodelledError,
  startExecutionSync,
  type Retrier,
  type SdkService,
} from "../../asl";

describe("asl sdk calls", () => {
  const startBackup = sdkCall("backup", "startBackupJob", {
    BackupVaultName: "prod-vault",
    ResourceArn: $("$.tableArn"),
    IamRoleArn: "arn:aws:iam::111111111111:role/backup",
    Lifecycle: { DeleteAfterDays: 7 },
  });

  it("names the SDK integration resource of the service and action", () => {
    expect(startBackup.resource).to.equal("arn:aws:states:::aws-sdk:backup:startBackupJob");
  });

  it("names the IAM action the call needs", () => {
    expect(startBackup.iamAction).to.equal("backup:StartBackupJob");
  });

  it("renders the input as the Task's Parameters", () => {
    expect(startBackup.parameters).to.deep.equal({
      BackupVaultName: "prod-vault",
      IamRoleArn: "arn:aws:iam::111111111111:role/backup",
      Lifecycle: { DeleteAfterDays: 7 },
      "ResourceArn.$": "$.tableArn",
    });
  });

  it("capitalizes the action for IAM: dynamodb deleteTable needs dynamodb:DeleteTable", () => {
    const call = sdkCall("dynamodb", "deleteTable", { TableName: "dev-orders" });
    expect(call.resource).to.equal("arn:aws:states:::aws-sdk:dynamodb:deleteTable");
    expect(call.iamAction).to.equal("dynamodb:DeleteTable");
  });

  it("uses the states: IAM prefix for Step Functions (sfn), with PascalCase parameters", () => {
    const call = sdkCall("sfn", "describeExecution", { ExecutionArn: $("$.arn") });
    expect(call.resource).to.equal("arn:aws:states:::aws-sdk:sfn:describeExecution");
    expect(call.iamAction).to.equal("states:DescribeExecution");
    expect(call.parameters).to.deep.equal({ "ExecutionArn.$": "$.arn" });
  });
});

describe("asl iamActionOfResource", () => {
  const cases: [string, string | undefined][] = [
    ["arn:aws:states:::aws-sdk:backup:startCopyJob", "backup:StartCopyJob"],
    ["arn:aws:states:::aws-sdk:dynamodb:getItem", "dynamodb:GetItem"],
    ["arn:aws:states:::aws-sdk:sfn:startExecution", "states:StartExecution"],
    ["arn:aws:states:::aws-sdk:s3:listBuckets", "s3:ListBuckets"],
    ["arn:aws:states:::states:startExecution.sync:2", undefined],
    ["arn:aws:states:::lambda:invoke", undefined],
    ["arn:aws:lambda:eu-west-1:111111111111:function:refresh", undefined],
  ];
  for (const [resource, action] of cases) {
    it(`${resource} -> ${String(action)}`, () => {
      expect(iamActionOfResource(resource)).to.equal(action);
    });
  }

  it("gives undefined for a nested execution built by startExecutionSync", () => {
    expect(iamActionOfResource(startExecutionSync("arn:aws:states:x", {}).resource)).to.equal(
      undefined,
    );
  });
});

describe("asl sdkError", () => {
  it("prefixes DynamoDB errors with DynamoDb", () => {
    expect(sdkError("dynamodb", "ResourceNotFoundException")).to.equal(
      "DynamoDb.ResourceNotFoundException",
    );
  });

  it("appends Exception to a modelled name that lacks it", () => {
    expect(sdkError("dynamodb", "RequestLimitExceeded")).to.equal(
      "DynamoDb.RequestLimitExceededException",
    );
    expect(sdkError("dynamodb", "InternalServerError")).to.equal(
      "DynamoDb.InternalServerErrorException",
    );
  });

  it("prefixes AWS Backup errors with Backup", () => {
    expect(sdkError("backup", "ResourceNotFoundException")).to.equal(
      "Backup.ResourceNotFoundException",
    );
  });

  it("prefixes Step Functions errors with Sfn", () => {
    expect(sdkError("sfn", "ExecutionDoesNotExist")).to.equal("Sfn.ExecutionDoesNotExistException");
  });

  it("names the error for what a service's model does not declare", () => {
    expect(sdkUnmodelledError("dynamodb")).to.equal("DynamoDb.DynamoDbException");
    expect(sdkUnmodelledError("backup")).to.equal("Backup.BackupException");
  });
});

describe("asl Retry presets", () => {
  const prefixes: Record<SdkService, string> = {
    backup: "Backup.",
    dynamodb: "DynamoDb.",
    sfn: "Sfn.",
  };

  for (const [service, prefix] of Object.entries(prefixes) as [SdkService, string][]) {
    it(`Retry.throttling("${service}") backs off with full jitter, capped, on ${prefix} errors`, () => {
      const retrier = Retry.throttling(service);
      expect(retrier.JitterStrategy).to.equal("FULL");
      expect(retrier.MaxDelaySeconds).to.be.a("number").and.be.greaterThan(0);
      expect(retrier.BackoffRate).to.be.greaterThan(1);
      expect(retrier.MaxAttempts).to.be.greaterThan(1);
      expect(retrier.ErrorEquals).to.have.length.greaterThan(0);
      for (const error of retrier.ErrorEquals)
        expect(error.startsWith(prefix), error).to.equal(true);
    });
  }

  it("Retry.throttling covers DynamoDB throttling under the names Step Functions reports", () => {
    expect(Retry.throttling("dynamodb").ErrorEquals).to.include.members([
      "DynamoDb.ThrottlingException",
      "DynamoDb.ProvisionedThroughputExceededException",
      "DynamoDb.RequestLimitExceededException",
    ]);
  });

  it("Retry.throttling takes overrides", () => {
    const retrier = Retry.throttling("backup", { maxAttempts: 3, intervalSeconds: 10 });
    expect(retrier.MaxAttempts).to.equal(3);
    expect(retrier.IntervalSeconds).to.equal(10);
    expect(retrier.MaxDelaySeconds).to.equal(Retry.throttling("backup").MaxDelaySeconds);
  });

  it("Retry.transient retries the service's server-side errors and task timeouts", () => {
    expect(Retry.transient("backup").ErrorEquals).to.deep.equal([
      "Backup.ServiceUnavailableException",
      "States.Timeout",
    ]);
    expect(Retry.transient("dynamodb").ErrorEquals).to.deep.equal([
      "DynamoDb.InternalServerErrorException",
      "States.Timeout",
    ]);
  });

  it("retryCall gives throttling first, then transient", () => {
    const [first, second, ...rest] = retryCall("dynamodb");
    expect(rest).to.deep.equal([]);
    expect(first).to.deep.equal(Retry.throttling("dynamodb"));
    expect(second).to.deep.equal(Retry.transient("dynamodb"));
    expect(first!.ErrorEquals).to.include("DynamoDb.ThrottlingException");
    expect(second!.ErrorEquals).to.include("States.Timeout");
  });

  it("Retry.on retries custom errors, with overrides", () => {
    expect(Retry.on(["TableNotReady", "States.TaskFailed"], { maxAttempts: 10 })).to.deep.equal({
      ErrorEquals: ["TableNotReady", "States.TaskFailed"],
      IntervalSeconds: 2,
      MaxAttempts: 10,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      JitterStrategy: "FULL",
    } satisfies Retrier);
  });

  it("renders the presets into a Task that AWS would accept", () => {
    const flow = Flow.start().task(
      "Delete",
      sdkCall("dynamodb", "deleteTable", { TableName: "dev-orders" }),
      { Retry: [...retryCall("dynamodb"), Retry.on(["States.ALL"], { maxAttempts: 1 })] },
    );
    const state = buildStateMachine(flow).States["Delete"] as { Retry: Retrier[] };
    expect(state.Retry.map((r) => r.ErrorEquals.at(-1))).to.deep.equal([
      "DynamoDb.LimitExceededException",
      "States.Timeout",
      "States.ALL",
    ]);
  });
});

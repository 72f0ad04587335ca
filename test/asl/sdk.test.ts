import { expect } from "chai";
import {
  $,
  buildStateMachine,
  Flow,
  iamActionOfResource,
  Retry,
  repeatClassOf,
  repeatComment,
  REPEATABLE,
  retriesFor,
  type Repeatable,
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
    expect(
      iamActionOfResource(startExecutionSync("arn:aws:states:x", $("$.name"), {}).resource),
    ).to.equal(undefined);
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
    sns: "Sns.",
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

  it("Retry.transient retries the modelled 5xx and the base exception AWS reports undeclared codes under", () => {
    expect(Retry.transient("backup").ErrorEquals).to.deep.equal([
      "Backup.ServiceUnavailableException",
      "Backup.DependencyFailureException",
      "Backup.BackupException",
      "States.Timeout",
    ]);
    expect(Retry.transient("dynamodb").ErrorEquals).to.deep.equal([
      "DynamoDb.InternalServerErrorException",
      "DynamoDb.DynamoDbException",
      "States.Timeout",
    ]);
    expect(Retry.transient("sfn").ErrorEquals).to.deep.equal([
      "Sfn.SfnException",
      "States.Timeout",
    ]);
  });

  it("the optimized integration that starts a child retries both documented and observed names", () => {
    expect(Retry.throttling("states-sync").ErrorEquals).to.deep.equal([
      "StepFunctions.ExecutionLimitExceeded",
      "StepFunctions.ExecutionLimitExceededException",
    ]);
    expect(Retry.transient("states-sync").ErrorEquals).to.include.members([
      "StepFunctions.AWSStepFunctionsException",
      "StepFunctions.SdkClientException",
    ]);
  });

  it("a repeatable call retries throttling, then failures on AWS's side; one that is not retries throttling only", () => {
    const [first, second, ...rest] = retriesFor("dynamodb", "read");
    expect(rest).to.deep.equal([]);
    expect(first).to.deep.equal(Retry.throttling("dynamodb"));
    expect(second).to.deep.equal(Retry.transient("dynamodb"));
    expect(retriesFor("backup", { once: "no token" })).to.deep.equal([Retry.throttling("backup")]);
    expect(
      retriesFor("dynamodb", "read", { throttling: 2, transient: 1 }).map((r) => r.MaxAttempts),
    ).to.deep.equal([2, 1]);
  });

  it("a Task's comment states its repeat class, and the class is read back from it", () => {
    for (const repeat of [...(Object.keys(REPEATABLE) as Repeatable[]), { once: "why not" }]) {
      expect(repeatClassOf({ Comment: repeatComment(repeat) })).to.deep.equal(repeat);
    }
    expect(repeatClassOf({ Comment: "something else" })).to.equal(undefined);
    expect(repeatClassOf({})).to.equal(undefined);
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

  it("call() puts a Task's own retriers before its class's, and states the class", () => {
    const flow = Flow.start().call(
      "Delete",
      sdkCall("dynamodb", "deleteTable", { TableName: "dev-orders" }),
      "checked",
      { Retry: [Retry.on(["DynamoDb.ResourceInUseException"], { maxAttempts: 1 })] },
    );
    const state = buildStateMachine(flow).States["Delete"] as { Retry: Retrier[]; Comment: string };
    expect(state.Retry.map((r) => r.ErrorEquals.at(-1))).to.deep.equal([
      "DynamoDb.ResourceInUseException",
      "DynamoDb.LimitExceededException",
      "States.Timeout",
    ]);
    expect(repeatClassOf(state)).to.equal("checked");
  });
});

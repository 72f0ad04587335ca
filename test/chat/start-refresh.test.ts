import { StartExecutionCommand } from "@aws-sdk/client-sfn";
import { expect } from "chai";
import { AwsCallFailed, RequestRefused } from "../../chat/errors";
import { startRefresh, type RefreshRequest } from "../../chat/start-refresh";
import { awsError, executionArn, mockedRefreshClient, RESTORE_ARN } from "../helpers/sfn";

const NAME = "dev-3-20261126T160000Z-slack-U0123";

async function refused(promise: Promise<unknown>): Promise<RequestRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestRefused) return error;
    throw error;
  }
  throw new Error("the request was not refused");
}

async function awsFailure(promise: Promise<unknown>): Promise<AwsCallFailed> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AwsCallFailed) return error;
    throw error;
  }
  throw new Error("the call did not fail");
}

describe("startRefresh", () => {
  let m: ReturnType<typeof mockedRefreshClient>;
  beforeEach(() => {
    m = mockedRefreshClient();
    m.sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: executionArn(NAME), startDate: new Date("2026-11-26T16:00:01Z") });
  });
  afterEach(() => m.sfn.restore());

  it("calls StartExecution on the restore machine with the input contract and a readable name", async () => {
    const started = await startRefresh(m.client, {
      environment: "dev-3",
      tables: ["Following"],
      requestedBy: "slack:U0123",
      copyDate: "2026-11-25",
    });
    const calls = m.sfn.commandCalls(StartExecutionCommand);
    expect(calls).to.have.length(1);
    expect(calls[0]!.args[0].input).to.deep.equal({
      stateMachineArn: RESTORE_ARN,
      name: NAME,
      input:
        '{"environment":"dev-3","tables":["Following"],"requestedBy":"slack:U0123","copyDate":"2026-11-25"}',
    });
    expect(started).to.deep.equal({
      executionArn: executionArn(NAME),
      executionName: NAME,
      consoleUrl: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArn(NAME)}`,
      input: {
        environment: "dev-3",
        tables: ["Following"],
        requestedBy: "slack:U0123",
        copyDate: "2026-11-25",
      },
      startDate: new Date("2026-11-26T16:00:01Z"),
    });
  });

  it("leaves out what the request leaves out: every table, the newest copy, an unknown requester", async () => {
    await startRefresh(m.client, { environment: "dev-5" });
    const [call] = m.sfn.commandCalls(StartExecutionCommand);
    expect(call!.args[0].input.input).to.equal('{"environment":"dev-5"}');
    expect(call!.args[0].input.name).to.equal("dev-5-20261126T160000Z-unknown");
  });

  const INVALID: [string, unknown, RegExp][] = [
    [
      "an unknown environment",
      { environment: "dev-9" },
      /^environment "dev-9" is not configured; expected one of: dev-1, dev-2, dev-3, dev-4, dev-5$/,
    ],
    [
      "an unknown table",
      { environment: "dev-3", tables: ["Orders"] },
      /^tables has \["Orders"\] that are not catalogued table names; expected some of: Following, Users, Sessions$/,
    ],
    ["no tables", { environment: "dev-3", tables: [] }, /^tables is empty/],
    [
      "a table twice",
      { environment: "dev-3", tables: ["Users", "Users"] },
      /^tables names a table more than once: \["Users","Users"\]$/,
    ],
    [
      "a date that is no date",
      { environment: "dev-3", copyDate: "yesterday" },
      /^copyDate must be a UTC date such as 2026-11-25, not "yesterday"$/,
    ],
    [
      "a key of another contract",
      { environment: "dev-3", table: "Users" },
      /^the input may only have the keys environment, tables, requestedBy, copyDate; it was \{"environment":"dev-3","table":"Users"\}$/,
    ],
    [
      "a requester that is no text",
      { environment: "dev-3", requestedBy: 42 },
      /^requestedBy must be text such as slack:U0123, not 42$/,
    ],
    [
      "more tables than the catalog has",
      { environment: "dev-3", tables: ["Users", "Users", "Users", "Users"] },
      /^tables lists 4 names, and there are 3 catalogued table names$/,
    ],
    [
      "a requester longer than a tag value holds",
      { environment: "dev-3", requestedBy: "x".repeat(257) },
      /^requestedBy has 257 characters; it becomes a tag value, which holds at most 256$/,
    ],
    [
      "a request longer than the longest good one",
      { environment: "d".repeat(5000) },
      /^the input has 5018 characters of JSON; a request has at most \d+$/,
    ],
    [
      "a bad value, quoting its first 200 characters",
      { environment: "dev-3", copyDate: "y".repeat(300) },
      new RegExp(
        `^copyDate must be a UTC date such as 2026-11-25, not "${"y".repeat(199)}\\.\\.\\.$`,
      ),
    ],
  ];
  for (const [what, request, reason] of INVALID) {
    it(`refuses ${what} with the machine's own words, and never calls AWS`, async () => {
      const error = await refused(startRefresh(m.client, request as RefreshRequest));
      expect(error.reason).to.match(reason);
      expect(error.message).to.equal(`refused before anything was sent: ${error.reason}`);
      expect(m.sfn.calls()).to.have.length(0);
    });
  }

  const AWS_ERRORS: [string, string, RegExp, boolean][] = [
    [
      "a second request within the same second",
      "ExecutionAlreadyExists",
      new RegExp(`^a refresh named ${NAME} already exists .*: see it with status ${NAME}$`),
      false,
    ],
    [
      "credentials that may not start it",
      "AccessDeniedException",
      /^AWS denied StartExecution on arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore: the credentials in use may not do this \(AccessDeniedException message\)\. Use the chat bot's role \(datarefresh-chat-bot\)/,
      false,
    ],
    [
      "throttling that outlasted the SDK's retries",
      "ThrottlingException",
      /^AWS is throttling StartExecution calls \(ThrottlingException\), even after the SDK's retries: try again in a minute$/,
      true,
    ],
    [
      "a machine that is not there",
      "StateMachineDoesNotExist",
      /^there is no state machine .* in this account and Region: is the dev stack deployed here/,
      false,
    ],
    [
      "too many running executions",
      "ExecutionLimitExceeded",
      /^Step Functions refuses more running executions/,
      false,
    ],
    ["expired credentials", "ExpiredTokenException", /^no usable AWS credentials/, false],
    ["an error Step Functions has", "ServiceUnavailable", /^AWS refused StartExecution/, true],
  ];
  for (const [what, name, message, transient] of AWS_ERRORS) {
    it(`words ${name} (${what}) so that a person knows what to do`, async () => {
      m.sfn
        .on(StartExecutionCommand)
        .rejects(awsError(name, `${name} message`, name === "ServiceUnavailable" ? 503 : 400));
      const error = await awsFailure(
        startRefresh(m.client, { environment: "dev-3", requestedBy: "slack:U0123" }),
      );
      expect(error.message).to.match(message);
      expect(error.code).to.equal(name);
      expect(error.operation).to.equal("StartExecution");
      expect(error.transient).to.equal(transient);
    });
  }

  it("lets a bug through as it is, not dressed as an AWS refusal", async () => {
    m.sfn.on(StartExecutionCommand).rejects(new TypeError("x is not a function"));
    try {
      await startRefresh(m.client, { environment: "dev-3" });
      expect.fail("no error");
    } catch (error) {
      expect(error).to.be.instanceOf(TypeError);
    }
  });
});

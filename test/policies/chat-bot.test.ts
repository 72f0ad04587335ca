import path from "node:path";
import { expect } from "chai";
import { MAP_RUN_LABEL } from "../../asl/machines/map-run";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { policy, type PolicyDocument } from "../../policies/document";
import { Authorizer } from "../../rehearsal/authorize";
import { planStack } from "../../stack/plan";
import { perFile } from "../helpers/per-file";
import { models } from "../helpers/rehearsal";
import { EXAMPLE_CHAT_BOT, editYaml, scratchProject } from "../helpers/project";

const BOT = "arn:aws:iam::333333333333:role/chat-bot";
const ROLE = "arn:aws:iam::222222222222:role/datarefresh-chat-bot";
const RESTORE = "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore";
const RESTORE_TABLE =
  "arn:aws:states:eu-west-1:222222222222:stateMachine:datarefresh-restore-table";
const execution = (machine: string) =>
  `${machine.replace(":stateMachine:", ":execution:")}:dev-3-20261126T160000Z-slack-U0123`;
/** A Map Run of a machine's Distributed Map, and one of its child executions. */
const mapRun = (machine: string) =>
  `${machine.replace(":stateMachine:", ":mapRun:")}/${MAP_RUN_LABEL}:0f9b3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b`;
const childExecution = (machine: string) =>
  `${machine.replace(":stateMachine:", ":execution:")}/${MAP_RUN_LABEL}:7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f`;

/** The bot's own account lets it assume any role: only our trust policy decides. */
const BOT_IDENTITY: PolicyDocument = policy({
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource: "*",
});

describe("the chat bot's role (dev stack)", () => {
  const { prod, dev } = models({ chatBot: EXAMPLE_CHAT_BOT });
  const plan = perFile(() => planStack(dev));
  const authorizer = perFile(
    () =>
      new Authorizer([
        { plan: planStack(prod), model: prod },
        { plan: plan(), model: dev },
      ]),
  );
  const may = async (action: string, resource: string) =>
    (await authorizer().decide({ principal: ROLE, action, resource })).allowed;

  it("is planned from the config: identity and trust, written by synth like every role", () => {
    const names = plan().policies.filter((p) => p.attachedTo === "datarefresh-chat-bot");
    expect(names.map((p) => `${p.name}:${p.kind}`)).to.deep.equal([
      "datarefresh-chat-bot.identity:identity",
      "datarefresh-chat-bot.trust:trust",
    ]);
  });

  it("may be assumed by the configured principal with the configured external ID, only", async () => {
    const trust = authorizer().trustOf(ROLE)!;
    const assume = async (principal: string, externalId?: string) =>
      (
        await authorizer().decide({
          principal,
          action: "sts:AssumeRole",
          resource: ROLE,
          resourcePolicy: trust,
          identity: [BOT_IDENTITY],
          context: externalId === undefined ? {} : { "sts:ExternalId": externalId },
        })
      ).allowed;
    expect(await assume(BOT, "datarefresh-chat-example")).to.equal(true);
    expect(await assume(BOT, "another-id")).to.equal(false);
    expect(await assume(BOT)).to.equal(false);
    expect(
      await assume("arn:aws:iam::333333333333:role/other", "datarefresh-chat-example"),
    ).to.equal(false);
  });

  it("may start the restore machine and read its executions", async () => {
    expect(await may("states:StartExecution", RESTORE)).to.equal(true);
    expect(await may("states:ListExecutions", RESTORE)).to.equal(true);
    expect(await may("states:DescribeExecution", execution(RESTORE))).to.equal(true);
    expect(await may("states:GetExecutionHistory", execution(RESTORE))).to.equal(true);
  });

  it("may list the children of the restore machine's Map Runs and describe them", async () => {
    expect(await may("states:ListExecutions", mapRun(RESTORE))).to.equal(true);
    expect(await may("states:DescribeExecution", childExecution(RESTORE))).to.equal(true);
  });

  it("may not read the Map Runs or children of another machine, nor stop a child", async () => {
    const BACKUP = "arn:aws:states:eu-west-1:111111111111:stateMachine:datarefresh-backup-and-copy";
    const OTHER = "arn:aws:states:eu-west-1:222222222222:stateMachine:other";
    for (const machine of [RESTORE_TABLE, BACKUP, OTHER]) {
      expect(await may("states:ListExecutions", mapRun(machine)), machine).to.equal(false);
      expect(await may("states:DescribeExecution", childExecution(machine)), machine).to.equal(
        false,
      );
    }
    expect(await may("states:DescribeExecution", execution(RESTORE_TABLE))).to.equal(false);
    expect(await may("states:StopExecution", childExecution(RESTORE))).to.equal(false);
    expect(await may("states:GetExecutionHistory", childExecution(RESTORE))).to.equal(false);
  });

  it("may not stop a refresh, run the per-table machine, or touch anything else", async () => {
    expect(await may("states:StopExecution", execution(RESTORE))).to.equal(false);
    expect(await may("states:StartExecution", RESTORE_TABLE)).to.equal(false);
    expect(await may("states:DescribeExecution", execution(RESTORE_TABLE))).to.equal(false);
    expect(await may("states:ListExecutions", RESTORE_TABLE)).to.equal(false);
    expect(
      await may(
        "states:StartExecution",
        "arn:aws:states:eu-west-1:111111111111:stateMachine:datarefresh-backup-and-copy",
      ),
    ).to.equal(false);
    expect(
      await may(
        "dynamodb:DeleteTable",
        "arn:aws:dynamodb:eu-west-1:222222222222:table/dev-3-Users",
      ),
    ).to.equal(false);
  });

  it("is not planned where the dev stack sets no chatBot", () => {
    const without = { ...dev, settings: { ...dev.settings, chatBot: undefined } };
    expect(planStack(without).policies.filter((p) => p.name.includes("chat-bot"))).to.deep.equal(
      [],
    );
  });
});

describe("the chatBot stack setting", () => {
  const problems = (stack: "prod" | "dev", value: unknown) => {
    const project = scratchProject();
    editYaml(path.join(project, `Pulumi.${stack}.yaml`), ["config", "datarefresh:chatBot"], value);
    try {
      toModel(loadConfig(project, stack));
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return "";
  };

  it("is refused in the prod stack's file, saying where it belongs", () => {
    expect(problems("prod", { principal: BOT, externalId: "datarefresh-chat-example" })).to.include(
      "Pulumi.prod.yaml: config.datarefresh:chatBot: the chat bot's role is in the dev account",
    );
  });

  it("names a principal that is no IAM ARN, and an external ID STS would refuse", () => {
    const message = problems("dev", { principal: "chat-bot", externalId: "x" });
    expect(message).to.include(
      "config.datarefresh:chatBot.principal: expected the ARN of an IAM role, user or account",
    );
    expect(message).to.include("config.datarefresh:chatBot.externalId: expected an external ID");
  });

  it("names a missing or unknown key", () => {
    const message = problems("dev", { principal: BOT, externalID: "abc" });
    expect(message).to.include("config.datarefresh:chatBot.externalId");
    expect(message).to.include(
      "config.datarefresh:chatBot.externalID: unknown key; expected one of: principal, externalId",
    );
  });
});

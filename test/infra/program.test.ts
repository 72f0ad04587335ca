import { execFileSync } from "node:child_process";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { renderDefinition } from "../../asl";
import { restoreTableMachine } from "../../asl/machines/restore-table";
import { declareStack } from "../../infra/program";
import { loadConfig } from "../../config/load";
import { toModel } from "../../config/model";
import { renderPolicy } from "../../policies/document";
import { planStack } from "../../stack/plan";
import { editYaml, PROJECT_DIR, scratchProject, withChatBot } from "../helpers/project";
import { parseCustomNotification } from "../helpers/custom-notification";
import { promiseOf, recordResources, type RecordedResource } from "../helpers/pulumi-mocks";

async function declare(stack: string, project = PROJECT_DIR) {
  const recorded = recordResources(stack);
  const outputs = await declareStack(project, stack);
  const machineArns = await promiseOf(pulumiAll(outputs.stateMachineArns));
  const roleArns = await promiseOf(pulumiAll(outputs.roleArns));
  return {
    recorded,
    machineArns,
    roleArns,
    plan: planStack(toModel(loadConfig(project, stack))),
  };
}

function pulumiAll(record: Record<string, pulumi.Output<string>>) {
  return pulumi.all(record);
}

const ofType = (recorded: RecordedResource[], type: string) =>
  recorded.filter((r) => r.type === type);

/**
 * The message a rule's target sends for an execution `run-1` stopped by hand, as EventBridge's
 * input transformer fills it in (each `<key>` with the event's value at its path), checked against
 * the custom-notification format.
 */
function filledNotice(recorded: RecordedResource[], rule: string) {
  const target = ofType(recorded, "aws:cloudwatch/eventTarget:EventTarget").find(
    (t) => t.name === rule,
  );
  const transformer = target!.inputs.inputTransformer as {
    inputPaths: Record<string, string>;
    inputTemplate: string;
  };
  const machine = JSON.parse(
    ofType(recorded, "aws:cloudwatch/eventRule:EventRule").find((r) => r.name === rule)!.inputs
      .eventPattern as string,
  ).detail.stateMachineArn[0].replace("arn:mock:", "");
  const account = machine === "datarefresh-restore" ? "222222222222" : "111111111111";
  const detail: Record<string, string> = {
    name: "run-1",
    status: "ABORTED",
    executionArn: `arn:aws:states:eu-west-1:${account}:execution:${machine}:run-1`,
  };
  const filled = transformer.inputTemplate.replace(/<(\w+)>/g, (_, key: string) => {
    const path = transformer.inputPaths[key];
    expect(path, `<${key}> has no input path`).to.be.a("string");
    return detail[path!.replace("$.detail.", "")]!;
  });
  return parseCustomNotification(filled);
}

describe("the Pulumi program", () => {
  for (const stack of ["prod", "dev"]) {
    describe(`stack ${stack}, from the real Pulumi.${stack}.yaml`, () => {
      let result: Awaited<ReturnType<typeof declare>>;
      before(async () => {
        result = await declare(stack);
      });

      it("deploys exactly the definitions synth writes", () => {
        const machines = ofType(result.recorded, "aws:sfn/stateMachine:StateMachine");
        expect(machines.map((m) => m.name).sort()).to.deep.equal(
          result.plan.machines.map((m) => m.name).sort(),
        );
        for (const planned of result.plan.machines) {
          const declared = machines.find((m) => m.name === planned.name)!;
          expect(declared.inputs.definition).to.equal(renderDefinition(planned.definition));
          expect(declared.inputs.type).to.equal("STANDARD");
        }
      });

      it("logs errors of every machine without execution data", () => {
        for (const machine of ofType(result.recorded, "aws:sfn/stateMachine:StateMachine")) {
          const logging = machine.inputs.loggingConfiguration as Record<string, unknown>;
          expect(logging.level).to.equal("ERROR");
          expect(logging.includeExecutionData).to.equal(false);
          expect(logging.logDestination).to.match(/:\*$/);
        }
      });

      it("declares every planned role with its trust and identity documents", () => {
        const roles = ofType(result.recorded, "aws:iam/role:Role");
        const inline = ofType(result.recorded, "aws:iam/rolePolicy:RolePolicy");
        for (const p of result.plan.policies.filter((x) => x.kind === "trust")) {
          const role = roles.find((r) => r.name === p.attachedTo);
          expect(role, p.attachedTo).to.not.equal(undefined);
          expect(role!.inputs.assumeRolePolicy).to.equal(renderPolicy(p.document));
        }
        for (const p of result.plan.policies.filter((x) => x.kind === "identity")) {
          const declared = inline.find((r) => r.name === p.name);
          expect(declared?.inputs.policy, p.name).to.equal(renderPolicy(p.document));
        }
      });

      it("exports the ARN of each state machine and role", () => {
        expect(Object.keys(result.machineArns).sort()).to.deep.equal(
          result.plan.machines.map((m) => m.name).sort(),
        );
        expect(Object.keys(result.roleArns)).to.have.length.greaterThan(0);
      });

      it("declares no Lambda function", () => {
        expect(result.recorded.filter((r) => r.type.startsWith("aws:lambda"))).to.deep.equal([]);
      });
    });
  }

  describe("the wiring of the prod stack", () => {
    let prod: Awaited<ReturnType<typeof declare>>;
    before(async () => {
      prod = await declare("prod");
    });

    it("schedules the backup machine with its own role, on the configured schedule", () => {
      const [rule] = ofType(prod.recorded, "aws:cloudwatch/eventRule:EventRule").filter(
        (r) => r.inputs.scheduleExpression !== undefined,
      );
      expect(rule!.inputs.scheduleExpression).to.equal("cron(0 3 * * ? *)");
      const target = ofType(prod.recorded, "aws:cloudwatch/eventTarget:EventTarget").find(
        (t) => t.name === rule!.name,
      );
      expect(target!.inputs.arn).to.equal("arn:mock:datarefresh-backup-and-copy");
      expect(target!.inputs.roleArn).to.equal("arn:mock:datarefresh-schedule");
    });

    it("tells the alerts topic of daily runs that time out or are stopped (the machine tells the rest itself)", () => {
      const rule = ofType(prod.recorded, "aws:cloudwatch/eventRule:EventRule").find(
        (r) => r.inputs.eventPattern !== undefined,
      );
      const pattern = JSON.parse(rule!.inputs.eventPattern as string);
      expect(pattern.detail).to.deep.equal({
        stateMachineArn: ["arn:mock:datarefresh-backup-and-copy"],
        status: ["TIMED_OUT", "ABORTED"],
      });
      const notice = filledNotice(prod.recorded, rule!.name);
      expect(notice.content.title).to.equal(
        ":warning: A daily run ended ABORTED before it could say how it went: run-1",
      );
      // The example subscribes no one.
      expect(ofType(prod.recorded, "aws:sns/topicSubscription:TopicSubscription")).to.deep.equal(
        [],
      );
    });

    it("subscribes each of notificationEmails by e-mail", async () => {
      const project = scratchProject();
      editYaml(
        path.join(project, "Pulumi.prod.yaml"),
        ["config", "datarefresh:notificationEmails"],
        ["sre@example.com", "oncall@example.com"],
      );
      const { recorded } = await declare("prod", project);
      const emails = ofType(recorded, "aws:sns/topicSubscription:TopicSubscription");
      expect(emails.map((e) => [e.inputs.protocol, e.inputs.endpoint])).to.deep.equal([
        ["email", "sre@example.com"],
        ["email", "oncall@example.com"],
      ]);
    });

    it("turns on advanced DynamoDB backup, and encrypts the vault with its own key", () => {
      const [settings] = ofType(prod.recorded, "aws:backup/regionSettings:RegionSettings");
      expect(settings!.inputs.resourceTypeManagementPreference).to.deep.equal({ DynamoDB: true });
      const [vault] = ofType(prod.recorded, "aws:backup/vault:Vault");
      expect(vault!.inputs).to.include({
        name: "datarefresh-prod",
        kmsKeyArn: "arn:mock:prod-vault-key",
      });
      const [key] = ofType(prod.recorded, "aws:kms/key:Key");
      const planned = prod.plan.policies.find((p) => p.kind === "kms-key")!;
      expect(key!.inputs.policy).to.equal(renderPolicy(planned.document));
      expect(key!.inputs.enableKeyRotation).to.equal(true);
    });

    it("declares no state table and no vault policy in prod", () => {
      expect(ofType(prod.recorded, "aws:dynamodb/table:Table")).to.deep.equal([]);
      expect(ofType(prod.recorded, "aws:backup/vaultPolicy:VaultPolicy")).to.deep.equal([]);
    });
  });

  describe("the wiring of the dev stack", () => {
    let dev: Awaited<ReturnType<typeof declare>>;
    before(async () => {
      dev = await declare("dev");
    });

    it("lets only the prod account copy into the dev vault", () => {
      const [policy] = ofType(dev.recorded, "aws:backup/vaultPolicy:VaultPolicy");
      const document = JSON.parse(policy!.inputs.policy as string);
      expect(document.Statement).to.deep.equal([
        {
          Sid: "AllowCopiesFromProdOnly",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "backup:CopyIntoBackupVault",
          Resource: "*",
        },
      ]);
    });

    it("keeps the state table safe: point-in-time recovery and deletion protection", () => {
      const [table] = ofType(dev.recorded, "aws:dynamodb/table:Table");
      expect(table!.inputs).to.include({
        name: "datarefresh-state",
        hashKey: "pk",
        rangeKey: "sk",
        deletionProtectionEnabled: true,
      });
      expect(table!.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
    });

    it("lets each refresh's recorded outcomes expire, by the attribute the machine writes", () => {
      const [table] = ofType(dev.recorded, "aws:dynamodb/table:Table");
      expect(table!.inputs.ttl).to.deep.equal({ attributeName: "expiresAt", enabled: true });
      const item = JSON.stringify(
        restoreTableMachine(toModel(loadConfig(PROJECT_DIR, "dev"))).States,
      );
      expect(item).to.include("'expiresAt': {'N': $states.input.expiresAt}");
    });

    it("tells the refresh topic of refreshes that time out or are stopped, as a custom notification", () => {
      const rule = ofType(dev.recorded, "aws:cloudwatch/eventRule:EventRule").find(
        (r) => r.inputs.eventPattern !== undefined,
      );
      expect(JSON.parse(rule!.inputs.eventPattern as string).detail.status).to.deep.equal([
        "TIMED_OUT",
        "ABORTED",
      ]);
      const notice = filledNotice(dev.recorded, rule!.name);
      expect(notice.content.description).to.match(
        /^Step Functions ended the execution run-1 of datarefresh-restore as ABORTED/,
      );
      expect(notice.content.nextSteps).to.deep.equal([
        "Open it in the Step Functions console: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:222222222222:execution:datarefresh-restore:run-1",
      ]);
    });

    it("declares the chat bot's role as planned, and exports its ARN and the restore machine's", async () => {
      const project = withChatBot(scratchProject());
      const withBot = await declare("dev", project);
      const role = ofType(withBot.recorded, "aws:iam/role:Role").find(
        (r) => r.name === "datarefresh-chat-bot",
      );
      const trust = withBot.plan.policies.find((p) => p.name === "datarefresh-chat-bot.trust")!;
      expect(role!.inputs.assumeRolePolicy).to.equal(renderPolicy(trust.document));
      const inline = ofType(withBot.recorded, "aws:iam/rolePolicy:RolePolicy").find(
        (r) => r.name === "datarefresh-chat-bot.identity",
      );
      const identity = withBot.plan.policies.find(
        (p) => p.name === "datarefresh-chat-bot.identity",
      )!;
      expect(inline!.inputs.policy).to.equal(renderPolicy(identity.document));
      const outputs = await declareStack(project, "dev");
      expect(await promiseOf(outputs.restoreStateMachineArn!)).to.equal(
        "arn:mock:datarefresh-restore",
      );
      expect(await promiseOf(outputs.chatBotRoleArn!)).to.equal("arn:mock:datarefresh-chat-bot");
    });

    it("declares no schedule in dev", () => {
      expect(
        ofType(dev.recorded, "aws:cloudwatch/eventRule:EventRule").filter(
          (r) => r.inputs.scheduleExpression,
        ),
      ).to.deep.equal([]);
    });
  });

  it("declares no resource per table: a catalog of 50 tables makes as many resources as one of 3", async () => {
    const big = scratchProject();
    const tables = Array.from({ length: 50 }, (_, i) => ({ name: `Table${i}`, sizeGb: 1 }));
    editYaml(path.join(big, "catalog.yaml"), ["tables"], tables);
    for (const stack of ["prod", "dev"]) {
      const small = (await declare(stack)).recorded.length;
      expect((await declare(stack, big)).recorded.length, stack).to.equal(small);
    }
  });

  it("declares no chat bot role, and exports none, when the dev stack sets no chatBot (the example)", async () => {
    const project = scratchProject();
    const { recorded } = await declare("dev", project);
    const roles = ofType(recorded, "aws:iam/role:Role").map((r) => r.name);
    expect(roles).to.not.include("datarefresh-chat-bot");
    const outputs = await declareStack(project, "dev");
    expect(outputs.chatBotRoleArn).to.equal(undefined);
  });

  it("leaves AWS Backup's Region settings alone when manageRegionSettings is false", async () => {
    const project = scratchProject();
    editYaml(
      path.join(project, "Pulumi.prod.yaml"),
      ["config", "datarefresh:manageRegionSettings"],
      false,
    );
    const { recorded } = await declare("prod", project);
    expect(ofType(recorded, "aws:backup/regionSettings:RegionSettings")).to.deep.equal([]);
  });

  // ts-node's type check is left to .ci/run: `tsc --noEmit` checks the same files, with the same tsconfig.
  it("loads as the Pulumi CLI's Node.js runtime loads it (ts-node, CommonJS)", function () {
    this.timeout(120_000);
    const out = execFileSync(
      process.execPath,
      [path.join(PROJECT_DIR, "test/helpers/pulumi-runtime-load.cjs"), PROJECT_DIR, "prod"],
      { encoding: "utf8" },
    );
    const loaded = JSON.parse(out) as { exports: string[]; types: string[] };
    // The program is an async function; what it returns is exported, without undefined values.
    expect(loaded.exports).to.deep.equal(["roleArns", "stateMachineArns", "topicArn", "vaultArn"]);
    expect(loaded.types).to.include("aws:sfn/stateMachine:StateMachine");
  });
});

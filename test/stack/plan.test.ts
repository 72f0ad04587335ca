import { expect } from "chai";
import { NAMES } from "../../config/model";
import { planStack, type StackPlan } from "../../stack/plan";
import { s3ExportProject } from "../helpers/project";
import { models } from "../helpers/rehearsal";

/** A plan's policies as `kind attachedTo name`, in order: the names are the synth files' names. */
const listed = (plan: StackPlan) => plan.policies.map((p) => `${p.kind} ${p.attachedTo} ${p.name}`);

const PROD = [
  "identity datarefresh-backup-and-copy-machine datarefresh-backup-and-copy-machine.identity",
  "trust datarefresh-backup-and-copy-machine datarefresh-backup-and-copy-machine.trust",
  "trust datarefresh-backup-service datarefresh-backup-service.trust",
  "identity datarefresh-schedule datarefresh-schedule.identity",
  "trust datarefresh-schedule datarefresh-schedule.trust",
  "kms-key alias/datarefresh-prod-backup datarefresh-prod-backup.kms-key",
];
const PROD_EXPORTS = [
  "bucket datarefresh-exports-111111111111-eu-west-1 datarefresh-exports-111111111111-eu-west-1.bucket",
  "kms-key alias/datarefresh-prod-exports datarefresh-prod-exports.kms-key",
];
const DEV = [
  "identity datarefresh-restore-machine datarefresh-restore-machine.identity",
  "trust datarefresh-restore-machine datarefresh-restore-machine.trust",
  "vault-access datarefresh-dev datarefresh-dev.vault-access",
  "kms-key alias/datarefresh-dev-backup datarefresh-dev-backup.kms-key",
  "identity datarefresh-copy-recorder datarefresh-copy-recorder.identity",
  "trust datarefresh-copy-recorder datarefresh-copy-recorder.trust",
  "identity datarefresh-restore-service datarefresh-restore-service.identity",
  "trust datarefresh-restore-service datarefresh-restore-service.trust",
];
const DEV_IMPORTS = [
  "identity datarefresh-import datarefresh-import.identity",
  "trust datarefresh-import datarefresh-import.trust",
];

describe("the policies a stack's plan holds", () => {
  it("names each by what it is attached to and its kind, the export store's and the import role's only where a table is s3-export", () => {
    const example = models();
    expect(listed(planStack(example.prod))).to.deep.equal(PROD);
    expect(listed(planStack(example.dev))).to.deep.equal(DEV);
    const mixed = models({}, s3ExportProject());
    expect(listed(planStack(mixed.prod))).to.deep.equal([...PROD, ...PROD_EXPORTS]);
    expect(listed(planStack(mixed.dev))).to.deep.equal([...DEV, ...DEV_IMPORTS]);
  });

  it("lets the schedule role start the daily run's machine, and nothing else", () => {
    const { prod } = models();
    const schedule = planStack(prod).policies.find(
      (p) => p.name === `${NAMES.scheduleRole}.identity`,
    );
    expect(schedule?.document.Statement).to.deep.equal([
      {
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: "arn:aws:states:eu-west-1:111111111111:stateMachine:datarefresh-backup-and-copy",
      },
    ]);
  });

  it("attaches AWS Backup's managed policy for restores to the restore service role, and for backups to the backup service role", () => {
    const { prod, dev } = models();
    expect(planStack(dev).managedPolicies).to.deep.equal({
      [NAMES.restoreServiceRole]: [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    });
    expect(planStack(prod).managedPolicies).to.deep.equal({
      [NAMES.backupServiceRole]: [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      ],
    });
  });
});

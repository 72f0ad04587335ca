import {
  DescribeGlobalSettingsCommand,
  DescribeRegionSettingsCommand,
} from "@aws-sdk/client-backup";
import { DescribeAccountCommand, DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  attempt,
  type CheckResult,
  type DoctorContext,
  isResult,
  missing,
  ok,
  unknown,
} from "./check";

/** The account the stack is deployed in, and the other side's. */
function accounts(ctx: DoctorContext) {
  const { prod, dev } = ctx.model.accounts;
  return ctx.model.stack === "prod" ? { own: prod, other: dev } : { own: dev, other: prod };
}

/** The credentials are the stack's account's: every other check depends on it. */
export async function checkCredentials(ctx: DoctorContext): Promise<CheckResult> {
  const check = "credentials";
  const identity = await attempt(check, () =>
    ctx.clients.sts.send(new GetCallerIdentityCommand({})),
  );
  if (isResult(identity)) {
    return missing(
      check,
      `no usable AWS credentials (${identity.detail})`,
      "log in (aws sso login) or give --profile or AWS_PROFILE for the account of this stack",
    );
  }
  const { own } = accounts(ctx);
  if (identity.Account !== own) {
    return missing(
      check,
      `these credentials are for account ${identity.Account}, but the ${ctx.model.stack} stack is in ${own}`,
      `use a profile of account ${own} (--profile)`,
    );
  }
  return ok(check, `account ${own} as ${identity.Arn}`);
}

/** Both accounts in one organization: AWS Backup copies across accounts only inside one. */
export async function checkOrganization(ctx: DoctorContext): Promise<CheckResult[]> {
  const check = "one organization";
  const { other } = accounts(ctx);
  const org = await attempt(
    check,
    () => ctx.clients.organizations.send(new DescribeOrganizationCommand({})),
    {
      AWSOrganizationsNotInUseException: () =>
        missing(
          check,
          "this account is in no AWS Organization",
          `put accounts ${ctx.model.accounts.prod} (prod) and ${ctx.model.accounts.dev} (dev) in one organization (docs/setup.md, step 1)`,
        ),
    },
  );
  if (isResult(org)) return [org];
  const id = org.Organization?.Id ?? "?";
  const management = org.Organization?.MasterAccountId ?? "?";
  const found = ok(
    check,
    `this account is in organization ${id} (management account ${management})`,
  );
  const otherCheck = `account ${other} in ${id}`;
  const member = await attempt(
    otherCheck,
    () => ctx.clients.organizations.send(new DescribeAccountCommand({ AccountId: other })),
    {
      AccountNotFoundException: () =>
        missing(
          otherCheck,
          `account ${other} is not in organization ${id}`,
          `invite account ${other} into ${id} from the management account ${management}`,
        ),
      AccessDeniedException: () =>
        unknown(
          otherCheck,
          "only the management account or a delegated administrator may look up other accounts",
          `run "aws organizations describe-organization" in account ${other}: it must say ${id}`,
        ),
    },
  );
  return [
    found,
    isResult(member)
      ? member
      : ok(otherCheck, `${other} (${member.Account?.Name ?? "?"}) is a member`),
  ];
}

/** Cross-account backup on, for the organization (set in its management account). */
export async function checkCrossAccountBackup(ctx: DoctorContext): Promise<CheckResult> {
  const check = "cross-account backup";
  const fix =
    "in the organization's management account: aws backup update-global-settings --global-settings isCrossAccountBackupEnabled=true";
  const settings = await attempt(check, () =>
    ctx.clients.backup.send(new DescribeGlobalSettingsCommand({})),
  );
  if (isResult(settings)) return settings.status === "unknown" ? { ...settings, fix } : settings;
  const value = settings.GlobalSettings?.isCrossAccountBackupEnabled;
  return value === "true"
    ? ok(check, "isCrossAccountBackupEnabled is true")
    : missing(check, `isCrossAccountBackupEnabled is ${value ?? "not set"}`, fix);
}

/** Advanced DynamoDB backup in the prod account and Region: cross-account copies need it. */
export async function checkAdvancedDynamoDbBackup(ctx: DoctorContext): Promise<CheckResult> {
  const check = "advanced DynamoDB backup";
  const settings = await attempt(check, () =>
    ctx.clients.backup.send(new DescribeRegionSettingsCommand({})),
  );
  if (isResult(settings)) return settings;
  const optIn = settings.ResourceTypeOptInPreference?.DynamoDB === true;
  const managed = settings.ResourceTypeManagementPreference?.DynamoDB === true;
  if (optIn && managed) return ok(check, `on in ${ctx.model.region}`);
  const off = [
    optIn ? [] : ["ResourceTypeOptInPreference"],
    managed ? [] : ["ResourceTypeManagementPreference"],
  ].flat();
  return missing(
    check,
    `DynamoDB is off in ${off.join(" and ")} (${ctx.model.region})`,
    ctx.model.settings.manageRegionSettings
      ? "pulumi up on the prod stack turns it on (manageRegionSettings: true)"
      : "aws backup update-region-settings --resource-type-opt-in-preference DynamoDB=true --resource-type-management-preference DynamoDB=true",
  );
}

import {
  checkAdvancedDynamoDbBackup,
  checkCredentials,
  checkCrossAccountBackup,
  checkOrganization,
} from "./account-checks";
import type { CheckResult, DoctorContext } from "./check";
import {
  checkLastDailyRun,
  checkProdTables,
  checkStateTable,
  checkVaultAndKey,
} from "./stack-checks";

/**
 * What the pipeline needs outside (and around) the stack, checked with read-only calls in the
 * stack's account. Checks stop after the credentials when they are another account's: every
 * answer would be about the wrong account.
 */
export async function runDoctor(ctx: DoctorContext): Promise<CheckResult[]> {
  const credentials = await checkCredentials(ctx);
  if (credentials.status !== "ok") return [credentials];
  const results: CheckResult[] = [
    credentials,
    ...(await checkOrganization(ctx)),
    await checkCrossAccountBackup(ctx),
  ];
  if (ctx.model.stack === "prod") {
    results.push(await checkAdvancedDynamoDbBackup(ctx));
    results.push(...(await checkVaultAndKey(ctx)));
    results.push(...(await checkProdTables(ctx)));
    results.push(await checkLastDailyRun(ctx));
  } else {
    results.push(...(await checkVaultAndKey(ctx)));
    results.push(await checkStateTable(ctx));
  }
  return results;
}

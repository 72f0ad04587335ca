import { expect } from "chai";
import { stepFunctionsError } from "../../rehearsal/error-names";

/**
 * How the rehearsal names an error a service returns, as a Task sees it: the declared exception's
 * name, or the service's base exception with the code in the cause. Either way of reading
 * "declared" (anywhere in the service's model, or by that operation) is tried by the tests of
 * retries (`fault-tolerance.test.ts`, `account-limits.test.ts`).
 */
describe("error names as Step Functions reports them", () => {
  const name = (...args: Parameters<typeof stepFunctionsError>) => stepFunctionsError(...args).name;

  it("keeps a code the operation declares, with the Exception suffix", () => {
    for (const naming of ["per-service", "per-operation"] as const) {
      expect(name("dynamodb", "describeTable", "ResourceNotFoundException", "m", naming)).to.equal(
        "DynamoDb.ResourceNotFoundException",
      );
      expect(name("dynamodb", "query", "RequestLimitExceeded", "m", naming)).to.equal(
        "DynamoDb.RequestLimitExceededException",
      );
    }
  });

  it("names a code no model declares after the service's base exception, the code in the cause", () => {
    for (const naming of ["per-service", "per-operation"] as const) {
      expect(
        stepFunctionsError("dynamodb", "updateTable", "ServiceUnavailable", "try later", naming),
      ).to.deep.equal({
        name: "DynamoDb.DynamoDbException",
        cause: "ServiceUnavailable: try later (Service: DynamoDb, Error Code: ServiceUnavailable)",
      });
      expect(name("backup", "describeBackupJob", "ThrottlingException", "m", naming)).to.equal(
        "Backup.BackupException",
      );
      expect(name("sfn", "describeExecution", "ThrottlingException", "m", naming)).to.equal(
        "Sfn.SfnException",
      );
      expect(name("dynamodb", "deleteTable", "ValidationException", "m", naming)).to.equal(
        "DynamoDb.DynamoDbException",
      );
    }
  });

  it("differs between the two readings where a code is declared for other operations only", () => {
    expect(name("dynamodb", "describeTable", "ThrottlingException", "m", "per-service")).to.equal(
      "DynamoDb.ThrottlingException",
    );
    expect(name("dynamodb", "describeTable", "ThrottlingException", "m", "per-operation")).to.equal(
      "DynamoDb.DynamoDbException",
    );
    expect(
      name("backup", "startRestoreJob", "LimitExceededException", "m", "per-service"),
    ).to.equal("Backup.LimitExceededException");
    expect(
      name("backup", "startRestoreJob", "LimitExceededException", "m", "per-operation"),
    ).to.equal("Backup.BackupException");
  });
});

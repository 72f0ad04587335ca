import { expect } from "chai";
import { restoreRequestRefusal } from "../../rehearsal/restore-request";

/** What the restore machine sends, less what the checks do not read. */
const REQUEST = {
  ResourceType: "DynamoDB",
  Metadata: { targetTableName: "dev-1-Users", encryptionType: "Default" },
};

const refusalOf = (request: Record<string, unknown>) => {
  const error = restoreRequestRefusal(request);
  return error === undefined ? undefined : `${error.code}: ${error.message}`;
};

describe("the rehearsal's StartRestoreJob takes a DynamoDB restore as AWS Backup documents it", () => {
  it("takes the restore machine's request, and one without ResourceType or encryptionType", () => {
    expect(refusalOf(REQUEST)).to.equal(undefined);
    expect(refusalOf({ Metadata: { TargetTableName: "dev-1-Users" } })).to.equal(undefined);
    expect(
      refusalOf({ ...REQUEST, Metadata: { targetTableName: "t", encryptionType: "KMS" } }),
    ).to.equal(undefined);
  });

  it("refuses another ResourceType, an empty one included", () => {
    for (const type of ["", "EBS", "dynamodb"])
      expect(refusalOf({ ...REQUEST, ResourceType: type })).to.match(
        /^InvalidParameterValueException: ResourceType .* DynamoDB$/,
      );
  });

  it("refuses an encryptionType other than Default or KMS, and Metadata keys of other resources", () => {
    expect(
      refusalOf({ ...REQUEST, Metadata: { targetTableName: "t", encryptionType: "" } }),
    ).to.equal('InvalidParameterValueException: encryptionType must be Default or KMS, not ""');
    expect(
      refusalOf({ ...REQUEST, Metadata: { targetTableName: "t", "file-system-id": "x" } }),
    ).to.equal(
      "InvalidParameterValueException: Metadata keys not valid for DynamoDB: file-system-id",
    );
  });
});

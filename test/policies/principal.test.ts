import { expect } from "chai";
import { pinnedPrincipal } from "../../policies/principal";

describe("a principal named before it exists (pinnedPrincipal)", () => {
  it("names a role by its account, with its ARN in an aws:PrincipalArn condition", () => {
    const role = "arn:aws:iam::111111111111:role/datarefresh-backup-and-copy-machine";
    expect(pinnedPrincipal(role)).to.deep.equal({
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Condition: { ArnEquals: { "aws:PrincipalArn": role } },
    });
  });

  it("names an account root as itself, with no condition that its roles would fail", () => {
    const root = "arn:aws-cn:iam::222222222222:root";
    expect(pinnedPrincipal(root)).to.deep.equal({ Principal: { AWS: root } });
  });
});

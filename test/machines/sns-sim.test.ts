import { expect } from "chai";
import { stepFunctionsError } from "../../rehearsal/error-names";
import { SNS_MESSAGE_BYTES, SnsSim } from "../../rehearsal/sns";

const TOPIC = "arn:aws:sns:eu-west-1:222222222222:datarefresh-dev-refreshes";

describe("the rehearsal's SNS topics", () => {
  const topics = () => {
    const sns = new SnsSim();
    sns.addTopic(TOPIC);
    return sns;
  };
  const refusal = (publish: () => unknown) => {
    try {
      publish();
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
    return "published";
  };

  it("record what is published to a topic of the account, as given", () => {
    const sns = topics();
    const message = JSON.stringify({ default: "{}", email: "hello" });
    const answer = sns.publish(60, "exec-1", {
      TopicArn: TOPIC,
      Subject: "datarefresh: dev-3 refreshed",
      Message: message,
      MessageStructure: "json",
    });
    expect(answer.MessageId).to.match(/^[0-9a-f-]{36}$/);
    expect(sns.published).to.deep.equal([
      {
        at: 60,
        topicArn: TOPIC,
        execution: "exec-1",
        subject: "datarefresh: dev-3 refreshed",
        message,
        structure: "json",
      },
    ]);
  });

  it("refuse what SNS refuses: another topic, a long message, a bad subject, a json message without default", () => {
    const sns = topics();
    const publish = (p: Record<string, string>) => () =>
      sns.publish(0, undefined, { TopicArn: TOPIC, Message: "m", ...p });
    expect(refusal(publish({ TopicArn: `${TOPIC}-other` }))).to.equal(
      "Sns.NotFoundException: Topic does not exist",
    );
    expect(refusal(publish({ Message: "é".repeat(SNS_MESSAGE_BYTES / 2 + 1) }))).to.equal(
      "Sns.InvalidParameterException: Invalid parameter: Message too long",
    );
    expect(refusal(publish({ Message: "x".repeat(SNS_MESSAGE_BYTES) }))).to.equal("published");
    for (const subject of ["two\nlines", "dev-3 ✅", "s".repeat(100), " leading space"])
      expect(refusal(publish({ Subject: subject })), subject).to.equal(
        "Sns.InvalidParameterException: Invalid parameter: Subject",
      );
    expect(refusal(publish({ Subject: "s".repeat(99) }))).to.equal("published");
    expect(refusal(publish({ MessageStructure: "json", Message: '{"email": "x"}' }))).to.equal(
      "Sns.InvalidParameterException: Invalid parameter: Message Structure - No default entry in JSON message body",
    );
    expect(refusal(publish({ MessageStructure: "json", Message: "not json" }))).to.match(
      /failed to parse$/,
    );
    expect(refusal(publish({ MessageStructure: "json", Message: '{"default": 1}' }))).to.match(
      /failed to parse$/,
    );
    expect(sns.published).to.have.length(2);
  });

  it("are named as Step Functions names SNS's errors: declared ones by name, others as Sns.SnsException", () => {
    for (const naming of ["per-service", "per-operation"] as const) {
      expect(stepFunctionsError("sns", "publish", "NotFoundException", "m", naming).name).to.equal(
        "Sns.NotFoundException",
      );
      expect(stepFunctionsError("sns", "publish", "ServiceUnavailable", "m", naming).name).to.equal(
        "Sns.SnsException",
      );
    }
    // Publish's model does not list the throttle the service's model declares.
    expect(
      stepFunctionsError("sns", "publish", "ThrottledException", "m", "per-service").name,
    ).to.equal("Sns.ThrottledException");
    expect(
      stepFunctionsError("sns", "publish", "ThrottledException", "m", "per-operation").name,
    ).to.equal("Sns.SnsException");
  });
});

import { expect } from "chai";
import { ConfigError } from "../../config/errors";
import { parseYaml } from "../../config/load";

describe("parseYaml, which keeps what it parsed", () => {
  it("gives each caller a copy of its own: a change to one is not in the next", () => {
    const text = "config:\n  tables: [a, b]\n";
    const first = parseYaml(text, "a.yaml") as { config: { tables: string[] } };
    first.config.tables.push("changed");
    expect(parseYaml(text, "a.yaml")).to.deep.equal({ config: { tables: ["a", "b"] } });
  });

  it("answers each text with its own data, however many texts come and go", () => {
    const texts = Array.from({ length: 80 }, (_, i) => `n: ${i}\nname: t${i % 7}\n`);
    for (const round of [1, 2])
      texts.forEach((text, i) =>
        expect(parseYaml(text, "n.yaml"), `round ${round}, text ${i}`).to.deep.equal({
          n: i,
          name: `t${i % 7}`,
        }),
      );
  });

  it("refuses a text that is not YAML every time it is given, naming the file", () => {
    for (const _ of [1, 2])
      expect(() => parseYaml("a: [1, 2\n", "broken.yaml"))
        .to.throw(ConfigError)
        .with.property("message")
        .that.matches(/broken\.yaml.*not valid YAML/s);
  });
});

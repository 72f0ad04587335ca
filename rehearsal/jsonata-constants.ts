import jsonata from "jsonata";

type Expression = ReturnType<typeof jsonata>;
type Node = ReturnType<Expression["ast"]> & Record<string, unknown>;

/** The keys a literal's node has; any other (a predicate, a group, a step's stages) makes it no literal. */
const LITERAL_KEYS = new Set(["type", "value", "position", "lhs", "expressions", "consarray"]);

function isLiteral(node: Node): boolean {
  if (Object.keys(node).some((key) => !LITERAL_KEYS.has(key))) return false;
  if (node.type === "string" || node.type === "number" || node.type === "value") return true;
  if (node.type !== "unary") return false;
  if (node.value === "{")
    return (node.lhs as unknown as Node[][]).every(
      ([key, value]) => isLiteral(key!) && isLiteral(value!),
    );
  if (node.value === "[") return (node.expressions as Node[]).every(isLiteral);
  return false;
}

/** Evaluates a literal node with JSONata itself, so the value is the one JSONata would build. */
async function valueOf(node: Node): Promise<unknown> {
  const holder = jsonata("{}");
  const root = holder.ast() as Node;
  for (const key of Object.keys(root)) delete root[key];
  Object.assign(root, node);
  return holder.evaluate(undefined);
}

/**
 * An expression with each JSON object literal in it (a machine's catalog of table settings, 1,000
 * entries at the largest) evaluated once, at parse, and read from a variable after: JSONata
 * would build the object again at every evaluation, once per table's execution. The result is the
 * same, for an object literal gives the same object whatever its input.
 */
export async function withObjectLiteralsFolded(
  text: string,
): Promise<{ expression: Expression; bindings: Record<string, unknown> }> {
  const expression = jsonata(text);
  const bindings: Record<string, unknown> = {};
  const folds: Node[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== "object") return;
    const node = value as Node;
    if (node.type === "unary" && node.value === "{" && isLiteral(node)) folds.push(node);
    else Object.values(node).forEach(visit);
  };
  visit(expression.ast());
  for (const [i, node] of folds.entries()) {
    const name = `__literal${i}`;
    bindings[name] = await valueOf(node);
    const { position } = node;
    for (const key of Object.keys(node)) delete node[key];
    Object.assign(node, { type: "variable", value: name, position });
  }
  return { expression, bindings };
}

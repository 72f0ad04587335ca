import { describeCondition } from "./conditions";
import type { State, StateGraph, StateMachineDefinition } from "./types";

function label(text: string): string {
  return `"${text.replace(/"/g, "#quot;")}"`;
}

/** A Mermaid flowchart of a definition: one node a state, Map and Parallel as subgraphs. */
export function toMermaid(definition: StateMachineDefinition): string {
  const lines = ["flowchart TD"];
  const ids = new Map<string, string>();
  const idOf = (scope: string, name: string): string => {
    const key = `${scope}\u0000${name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = `s${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };

  const emitGraph = (graph: StateGraph, scope: string, indent: string): void => {
    const startId = `${idOf(scope, "")}_start`;
    const endId = `${idOf(scope, "")}_end`;
    lines.push(`${indent}${startId}((start)) --> ${idOf(scope, graph.StartAt)}`);
    for (const [name, state] of Object.entries(graph.States)) {
      const id = idOf(scope, name);
      emitNode(state, name, id, indent);
      for (const [target, edge] of edgesOf(state)) {
        lines.push(`${indent}${id} -->${edge ? `|${label(edge)}|` : ""} ${idOf(scope, target)}`);
      }
      if (("End" in state && state.End === true) || state.Type === "Succeed") {
        lines.push(`${indent}${id} --> ${endId}((end))`);
      }
    }
  };

  const emitNode = (state: State, name: string, id: string, indent: string): void => {
    if (state.Type === "Choice") lines.push(`${indent}${id}{${label(name)}}`);
    else if (state.Type === "Fail") lines.push(`${indent}${id}[[${label(name)}]]`);
    else lines.push(`${indent}${id}[${label(name)}]`);
    const nested =
      state.Type === "Map"
        ? [state.ItemProcessor]
        : state.Type === "Parallel"
          ? state.Branches
          : [];
    nested.forEach((graph, i) => {
      const scope = `${id}/${i}`;
      lines.push(
        `${indent}subgraph ${id}_${i}[${label(`${name}${nested.length > 1 ? ` #${i + 1}` : ""}`)}]`,
      );
      emitGraph(graph, scope, `${indent}  `);
      lines.push(`${indent}end`);
      lines.push(`${indent}${id} -.-> ${id}_${i}`);
    });
  };

  emitGraph(definition, "", "  ");
  return `${lines.join("\n")}\n`;
}

function edgesOf(state: State): [string, string][] {
  const edges: [string, string][] = [];
  if ("Next" in state && typeof state.Next === "string") edges.push([state.Next, ""]);
  if (state.Type === "Choice") {
    for (const rule of state.Choices)
      edges.push([rule.Next, rule.Comment ?? describeCondition(rule)]);
    if (state.Default !== undefined) edges.push([state.Default, "default"]);
  }
  if ("Catch" in state && state.Catch !== undefined) {
    for (const c of state.Catch) edges.push([c.Next, `catch ${c.ErrorEquals.join(", ")}`]);
  }
  return edges;
}

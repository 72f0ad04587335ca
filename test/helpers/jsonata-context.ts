/** `$states.context` of an execution, as the rehearsal's JSONata states see it. */
export const JSONATA_CONTEXT = {
  Execution: {
    Id: "arn:x:execution:m:run",
    Name: "run",
    StartTime: "2026-11-26T03:00:00Z",
    Input: {},
  },
  StateMachine: { Id: "arn:x:stateMachine:m", Name: "m" },
};

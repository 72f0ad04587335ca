// The library a chat bot uses to start, follow and list refreshes. See README, "Refresh from chat
// or a terminal".
export {
  checkRestoreInput,
  restoreRulesOf,
  type RestoreInput,
  type RestoreRules,
} from "../asl/machines/restore-input";
export { consoleUrlOf, executionArnOf, parseStatesArn } from "./arns";
export { refreshClient, type RefreshClient } from "./client";
export { describeRefresh, type RefreshDescription } from "./describe-refresh";
export { answerChat, type ChatAnswer } from "./answer";
export { AwsCallFailed, RequestRefused } from "./errors";
export { executionName, parseExecutionName, sanitizeRequester } from "./execution-name";
export { followRefresh, type FollowOptions } from "./follow-refresh";
export {
  descriptionSlack,
  errorSlack,
  helpSlack,
  listSlack,
  parseFailureSlack,
  startedSlack,
  type SlackBlock,
  type SlackMessage,
} from "./format-slack";
export {
  descriptionText,
  errorText,
  helpText,
  listText,
  parseFailureText,
  startedText,
} from "./format-text";
export { listRefreshes, type ListOptions, type RefreshSummary } from "./list-refreshes";
export { parseCommand, type ChatCommand, type ParsedCommand } from "./parse-command";
export {
  outcomesQuery,
  type FailedTable,
  type OutcomesLocation,
  type RefreshCounts,
  type RefreshReport,
} from "./refresh-report";
export { startRefresh, type RefreshRequest, type StartedRefresh } from "./start-refresh";
export type { TableProgress, TableState } from "./table-progress";

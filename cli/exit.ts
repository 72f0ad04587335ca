/** Exit codes of every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A command that ran but whose work failed: exit code 1, its output already said why. */
export class CommandFailed extends Error {}

/** A command given wrongly (a value that cannot be right): exit code 2, with this message. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

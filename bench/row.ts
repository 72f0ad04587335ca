/** What the bench measures of one catalog size: one row of its table and chart. */
export interface BenchRow {
  tables: number;
  concurrency: number;
  pollIntervalSeconds: number;
  refresh: {
    status: string;
    restored: number;
    simulatedSeconds: number;
    idealSeconds: number;
    slowestTableSeconds: number;
    ratio: number;
    overheadSeconds: number;
    withinTarget: boolean;
  };
  dailyBackupSimulatedSeconds: number;
  history: { mostEventsObserved: number; mostEventsBound: number; machine: string };
  /** The largest data any state of any execution passed on, in bytes (Step Functions: 256 KB). */
  largestStateBytes: number;
  transitions: { perTable: number; usdPerTable: number; usdPerRefresh: number };
  definitionBytes: Record<string, number>;
  longestPolicyChars: number;
  polling: { worstDetectionDelaySeconds: number; worstDelayShareOfJob: number };
  wallSeconds: { synth: number; rehearsal: number };
}

import type { Timeline } from "./timeline";
import type { Side } from "./world";

/** Who makes a call, and when. */
export interface CallContext {
  side: Side;
  timeline: Timeline;
  execution?: string;
  /** The role making the call, checked against its synthesized policies when the world has an authorizer. */
  principal?: string;
}

import type { Item } from "./item";

/**
 * The items of one table through virtual time. Each execution runs on its own clock, and two that
 * overlap in simulated time may run one after the other in real time; so a read sees the version
 * of an item that was current at the reader's time, and a conditional write is judged against it.
 * A write drops any version later than itself.
 */
export class VersionedItems {
  private readonly history = new Map<string, { from: number; item: Item | undefined }[]>();

  at(now: number, key: string): Item | undefined {
    const versions = this.history.get(key) ?? [];
    return versions.filter((v) => v.from <= now).at(-1)?.item;
  }

  write(now: number, key: string, item: Item | undefined): void {
    const versions = (this.history.get(key) ?? []).filter((v) => v.from <= now);
    versions.push({ from: now, item });
    this.history.set(key, versions);
  }

  /** Every item that exists at `now`. */
  all(now: number): Item[] {
    return [...this.history.keys()]
      .map((key) => this.at(now, key))
      .filter((item): item is Item => item !== undefined);
  }

  /** The latest version of every item that still exists: what the table holds when all is done. */
  values(): Item[] {
    return [...this.history.values()]
      .map((v) => v.at(-1)?.item)
      .filter((item): item is Item => item !== undefined);
  }

  get size(): number {
    return this.values().length;
  }
}

import { call } from "./errors";

/**
 * Every item of a paged Step Functions answer, asking page after page with the `nextToken` of the
 * last; a failed page is worded as `operation` on `target`, as `call` words it.
 */
export async function allPages<T>(
  operation: string,
  target: string,
  page: (
    nextToken: string | undefined,
  ) => Promise<{ items: T[] | undefined; nextToken: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await call(operation, target, () => page(nextToken));
    items.push(...(answer.items ?? []));
    nextToken = answer.nextToken;
  } while (nextToken !== undefined);
  return items;
}

import { z } from "zod";

/**
 * A custom notification of Amazon Q Developer in chat applications, as its guide documents the
 * event format ("Custom notifications using Amazon Q Developer in chat applications"): `version`
 * "1.0" and `source` "custom" required, `content.description` what the channel shows (the only
 * content field AWS's minimal example sends), `textType` client-markdown the only one supported;
 * `metadata` optional. Strict: a key the format does not have is refused.
 */
export const customNotification = z.strictObject({
  version: z.literal("1.0"),
  source: z.literal("custom"),
  id: z.string().min(1).optional(),
  content: z.strictObject({
    textType: z.literal("client-markdown").optional(),
    title: z.string().min(1).optional(),
    description: z.string().min(1),
    nextSteps: z.array(z.string().min(1)).optional(),
    keywords: z.array(z.string().min(1)).optional(),
  }),
  metadata: z
    .strictObject({
      threadId: z.string().min(1).optional(),
      summary: z.string().min(1).optional(),
      eventType: z.string().min(1).optional(),
      relatedResources: z.array(z.string().min(1)).optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

export type CustomNotification = z.infer<typeof customNotification>;

/** The notification a text holds; throws, saying what is wrong, where it is none. */
export function parseCustomNotification(text: string): CustomNotification {
  return customNotification.parse(JSON.parse(text));
}

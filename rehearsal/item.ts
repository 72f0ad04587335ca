/** A DynamoDB item, as the simulation keeps it: the attribute types the machines use. */
export type AttributeValue = { S?: string; N?: string; BOOL?: boolean };
export type Item = Record<string, AttributeValue>;

// Errors users catch by class; each names where it happened so a bad record can be found.

/** A key or value could not be (de)serialized. */
export class SerdeError extends Error {
  override readonly name = 'SerdeError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly serde: string,
    readonly part: 'key' | 'value',
    readonly operation: 'serialize' | 'deserialize',
    override readonly cause: unknown,
  ) {
    super(
      `${serde} serde failed to ${operation} the ${part} (topic ${topic}, partition ${partition}, offset ${offset}): ${messageOf(cause)}`,
    );
  }
}

/** User code threw while a record was processed. */
export class StreamsProcessingError extends Error {
  override readonly name = 'StreamsProcessingError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly node: string,
    override readonly cause: unknown,
  ) {
    super(`processing failed in node ${node} (topic ${topic}, partition ${partition}, offset ${offset}): ${messageOf(cause)}`);
  }
}

/** The topology is invalid; thrown by `builder.build()` with every problem found. */
export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  constructor(readonly problems: string[]) {
    super(`invalid topology:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

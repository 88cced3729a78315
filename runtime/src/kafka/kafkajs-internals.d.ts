// The parts of kafkajs' implementation (not its typed API) that kafkajs-protocol.ts extends.
declare module 'kafkajs/src/protocol/requests' {
  export const requests: Record<string, { versions: string[]; protocol: (v: { version: number }) => unknown }>;
}
declare module 'kafkajs/src/protocol/error' {
  export function createErrorFromCode(code: number): Error;
}
declare module 'kafkajs/src/broker' {
  class Broker {
    joinGroup(args: unknown): Promise<{ errorCode: number; generationId: number; memberId: string }>;
    listOffsets(args: { isolationLevel?: number }): Promise<unknown>;
  }
  export = Broker;
}

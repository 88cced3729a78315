// Typed send/receive for the custom messages of ../protocol.ts. Incoming params are untrusted
// JSON: each parser checks them at this boundary.
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { NotificationDef, RequestDef, SetLiveTopicsParams, TopologyParams } from '../protocol';

export function onRequest<P, R>(
  connection: Connection,
  def: RequestDef<P, R>,
  parse: (raw: unknown) => P,
  handler: (params: P, token: CancellationToken) => Promise<R>,
): void {
  connection.onRequest(def.method, (raw: unknown, token: CancellationToken) => handler(parse(raw), token));
}

export function onNotification<P>(connection: Connection, def: NotificationDef<P>, parse: (raw: unknown) => P, handler: (params: P) => void): void {
  connection.onNotification(def.method, (raw: unknown) => handler(parse(raw)));
}

export function sendNotification<P>(connection: Connection, def: NotificationDef<P>, params: P): Promise<void> {
  return connection.sendNotification(def.method, params);
}

export function parseTopologyParams(raw: unknown): TopologyParams {
  const uri = isRecord(raw) ? raw.uri : undefined;
  return typeof uri === 'string' ? { uri } : {};
}

/** Drops anything that is not a positive integer partition count. */
export function parseLiveTopics(raw: unknown): SetLiveTopicsParams {
  const partitions: Record<string, number> = {};
  if (!isRecord(raw)) return { partitions };
  if (isRecord(raw.partitions)) {
    for (const [topic, count] of Object.entries(raw.partitions)) {
      if (typeof count === 'number' && Number.isInteger(count) && count > 0) partitions[topic] = count;
    }
  }
  return typeof raw.folderUri === 'string' ? { partitions, folderUri: raw.folderUri } : { partitions };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

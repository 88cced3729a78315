// Typed send/receive for the custom messages of ../protocol.ts. Incoming params are untrusted
// JSON: each parser checks them at this boundary.
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { TopicDeployment } from 'streamwise/model';
import type { LiveTopics } from '../analysis/types';
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

/** Drops anything that is not a positive integer count (a dropped fact is simply not known). */
export function parseLiveTopics(raw: unknown): SetLiveTopicsParams {
  if (!isRecord(raw)) return { partitions: {} };
  const params: SetLiveTopicsParams = { partitions: positiveCounts(raw.partitions) };
  if (raw.replicationFactors !== undefined) params.replicationFactors = positiveCounts(raw.replicationFactors);
  if (raw.minInsyncReplicas !== undefined) params.minInsyncReplicas = positiveCounts(raw.minInsyncReplicas);
  if (typeof raw.folderUri === 'string') params.folderUri = raw.folderUri;
  return params;
}

/** The notification's per-field maps as per-topic facts for the analyzer. */
export function liveTopicFacts(params: SetLiveTopicsParams): LiveTopics {
  const out: LiveTopics = {};
  const fact = (topic: string): TopicDeployment => (out[topic] ??= {});
  for (const [topic, n] of Object.entries(params.partitions)) fact(topic).partitions = n;
  for (const [topic, n] of Object.entries(params.replicationFactors ?? {})) fact(topic).replicationFactor = n;
  for (const [topic, n] of Object.entries(params.minInsyncReplicas ?? {})) fact(topic).minInsyncReplicas = n;
  return out;
}

function positiveCounts(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(raw)) return out;
  for (const [topic, count] of Object.entries(raw)) {
    if (typeof count === 'number' && Number.isInteger(count) && count > 0) out[topic] = count;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

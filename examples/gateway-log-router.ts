// Field report 1: one raw gateway-log topic, filtered, parsed, then split into four endpoints.
// Branch order is priority (first match wins); the catch-all is the default branch, last.
import { Serdes, StreamsBuilder, type Topology } from 'streamwise';

export const RAW_TOPIC = 'webtoon-gw-logstash';
export const ENDPOINT_TOPICS = { viewer: 'gw-viewer', comment: 'gw-comment', purchase: 'gw-purchase', other: 'gw-other' } as const;

export interface GatewayLog {
  path: string;
  status: number;
  userId?: string;
}

/** Parses one log line; null for lines that are not a gateway log (they are dropped, not fatal). */
export function parseLog(line: string): GatewayLog | null {
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null) return null;
    const { path, status, userId } = v as Record<string, unknown>;
    if (typeof path !== 'string' || typeof status !== 'number') return null;
    return typeof userId === 'string' ? { path, status, userId } : { path, status };
  } catch {
    return null;
  }
}

export function buildGatewayRouter(): Topology {
  const builder = new StreamsBuilder();
  const logs = builder
    .stream<string, string>(RAW_TOPIC)
    .filter((_k, line) => line.trim() !== '' && !line.includes('"healthcheck"'))
    .mapValues((line) => parseLog(line))
    .filter((_k, log) => log !== null)
    .mapValues((log) => log as GatewayLog);
  const json = { valueSerde: Serdes.JSON<GatewayLog>() };
  logs
    .split({ name: 'gw-' })
    .branch((_k, log) => log.path.startsWith('/viewer'), { name: 'viewer', withConsumer: (s) => s.to(ENDPOINT_TOPICS.viewer, json) })
    .branch((_k, log) => log.path.startsWith('/comment'), { name: 'comment', withConsumer: (s) => s.to(ENDPOINT_TOPICS.comment, json) })
    .branch((_k, log) => log.path.startsWith('/purchase'), { name: 'purchase', withConsumer: (s) => s.to(ENDPOINT_TOPICS.purchase, json) })
    .defaultBranch({ name: 'other', withConsumer: (s) => s.to(ENDPOINT_TOPICS.other, json) });
  return builder.build();
}

export default buildGatewayRouter();

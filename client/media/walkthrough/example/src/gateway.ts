// The Streamwise walkthrough's example: gateway logs split into endpoint topics.
// It has a bug the analyzer finds (see the Problems panel) and a quick fix for it.
import { Serdes, StreamsBuilder } from 'streamwise';

interface GatewayLog {
  path: string;
  status: number;
}

function parseLog(line: string): GatewayLog | null {
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null) return null;
    const { path, status } = v as Record<string, unknown>;
    return typeof path === 'string' && typeof status === 'number' ? { path, status } : null;
  } catch {
    return null;
  }
}

const builder = new StreamsBuilder();
const json = { valueSerde: Serdes.JSON<GatewayLog>() };
builder
  .stream<string, string>('gw-logs')
  .mapValues((line) => parseLog(line))
  .filter((_k, log) => log !== null)
  .mapValues((log) => log as GatewayLog)
  .split({ name: 'gw-' })
  // Branches are tried in order and the first match wins: this catch-all hides the two below.
  .branch((_k, _log) => true, { name: 'other', withConsumer: (s) => s.to('gw-other', json) })
  .branch((_k, log) => log.path.startsWith('/viewer'), { name: 'viewer', withConsumer: (s) => s.to('gw-viewer', json) })
  .branch((_k, log) => log.path.startsWith('/comment'), { name: 'comment', withConsumer: (s) => s.to('gw-comment', json) })
  .noDefaultBranch();

export default builder.build();

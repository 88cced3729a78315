// The walkthrough's example workspace as data: the extension writes these files where the user
// wants them (Open Walkthrough Example). Kept in code so the bundle carries them; a test checks that
// the analyzer finds the bug the walkthrough promises, with its quick fix.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GATEWAY = `// The Streamwise walkthrough's example: gateway logs split into endpoint topics.
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
`;

const CONFIG = `{
  // Deployment facts for the analyzer and local runs (JSON with comments).
  "topics": { "gw-logs": { "partitions": 2 } },
  // Local runs feed these files into their topics first.
  "inputs": { "gw-logs": "samples/gw-logs.jsonl" }
}
`;

const PACKAGE = `{
  "name": "streamwise-example",
  "private": true,
  "description": "The Streamwise walkthrough's example topology."
}
`;

const PATHS = ['/viewer/12', '/comment/3', '/viewer/7', '/purchase/1', '/comment/9', '/viewer/88', '/health'];

/** 40 gateway log records: keys u0..u4, a few 500s. */
function samples(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const value = JSON.stringify({ path: PATHS[i % PATHS.length], status: i % 6 === 0 ? 500 : 200 });
    lines.push(JSON.stringify({ key: `u${i % 5}`, value }));
  }
  return `${lines.join('\n')}\n`;
}

/** Relative path -> file content. */
export function exampleFiles(): Record<string, string> {
  return {
    'src/gateway.ts': GATEWAY,
    'streamwise.config.json': CONFIG,
    'package.json': PACKAGE,
    'samples/gw-logs.jsonl': samples(),
  };
}

/** Writes the example under `parent`; returns its folder (`streamwise-example`, or `-2`, `-3`... if taken). */
export function writeExample(parent: string): string {
  let target = join(parent, 'streamwise-example');
  for (let i = 2; existsSync(target); i++) target = join(parent, `streamwise-example-${i}`);
  for (const [path, text] of Object.entries(exampleFiles())) {
    const file = join(target, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return target;
}

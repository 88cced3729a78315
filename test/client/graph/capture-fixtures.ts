// Regenerates the graph panel's golden inputs from the real language server:
// `npm run build && node --import tsx test/client/graph/capture-fixtures.ts`.
// It writes test/fixtures/graph/<file>.topology.json: the `streamwise/topology` answer for each
// fixture file, with the temp folder replaced by `/workspace` so the files are stable.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TopologyRequest, type TopologyResult } from '../../../server/src/protocol';
import { LspSession, repoRoot } from '../../server/lsp-session';

const fixtures = join(repoRoot, 'test', 'fixtures', 'graph');
const root = mkdtempSync(join(tmpdir(), 'streamwise-graph-fixture-'));
cpSync(join(fixtures, 'workspace'), root, { recursive: true });
async function main(): Promise<void> {
const session = await LspSession.start({ folders: [root] });
try {
  for (const name of ['routing', 'gateway']) {
    const file = join(root, `${name}.ts`);
    const uri = await session.open(file);
    await session.pull(uri);
    const result = await session.connection.sendRequest<TopologyResult>(TopologyRequest.method, { uri });
    const text = JSON.stringify(result, null, 2).split(pathToFileURL(root).href).join('file:///workspace').split(root).join('/workspace');
    writeFileSync(join(fixtures, `${name}.topology.json`), text + '\n');
  }
} finally {
  await session.dispose();
  rmSync(root, { recursive: true, force: true });
}
}

void main();

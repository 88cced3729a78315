// Re-analysis latency after a one-line edit, over the real LSP connection: didChange, then a
// textDocument/diagnostic pull, timed until the answer arrives. Peer in the same run: the same
// edit through TypeScript's own tsserver (`change`, then `semanticDiagnosticsSync` of the file).
//
// A second scenario types: bursts of keystroke edits 30 ms apart, each followed by a pull that
// cancels the previous one (as VS Code's client does), timed from the last keystroke to the
// answer for it; tsserver gets the same keystrokes, each followed by semanticDiagnosticsSync.
//
// Usage: node --import tsx bench/lsp-edit-latency.ts [--edits 100] [--rounds 3] [--bursts 20] [--workspace shop,generated]
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { isRecord, LspSession, repoRoot } from '../test/server/lsp-session';
import { generateWorkspace } from './lib/generate-workspace';

const { values } = parseArgs({
  options: { edits: { type: 'string', default: '100' }, rounds: { type: 'string', default: '3' }, bursts: { type: 'string', default: '20' }, workspace: { type: 'string', default: 'shop,generated' } },
  strict: true,
});
const EDITS = Number(values.edits);
const ROUNDS = Number(values.rounds);
const BURSTS = Number(values.bursts);
const KEYSTROKES = 5;
const KEYSTROKE_GAP_MS = 30;
const WARMUP = 10;

/** Where the edits happen: a branch predicate of a topology, in one of two workspaces. */
interface Target {
  label: string;
  file: string; // relative to the workspace root
  needle: string; // the line edited (found by its content)
  variant(i: number): string;
}

const SHOP_NEEDLE = "    .branch((_id, order) => isLarge(order), { name: 'large' })";
const GENERATED_NEEDLE = "startsWith('a')";
const targets: Record<string, Target> = {
  shop: {
    label: 'test/fixtures/lsp/bench-shop (11 files)',
    file: join('src', 'topologies', 'orders.ts'),
    needle: SHOP_NEEDLE,
    variant: (i) => SHOP_NEEDLE.replace('isLarge(order)', `isLarge(order, ${500 + (i % 7) * 50})`),
  },
  generated: {
    label: "the analyzer's generated 400-file workspace (bench/lib/generate-workspace.ts)",
    file: join('src', 'topology', 'topology-0.ts'),
    needle: GENERATED_NEEDLE,
    variant: (i) => `startsWith('a${i % 7}')`,
  },
};
const WORKSPACES = values.workspace.split(',').map((name) => {
  const found = targets[name];
  if (found === undefined) throw new Error(`--workspace takes ${Object.keys(targets).join(', ')} (comma-separated), not ${name}`);
  return { name, target: found };
});

/** The realistic fixture in a temp folder, with 'streamwise' installed as the same declarations
 *  the analyzer bundles, so tsserver and the analyzer resolve the same types. */
async function prepareWorkspace(workspace: string): Promise<string> {
  // The analyzer's own collector (a plain .mjs without types, hence the guarded dynamic import).
  const collector: unknown = await import(pathToFileURL(join(repoRoot, 'server', 'bundled', 'collect-declarations.mjs')).href);
  if (typeof collector !== 'object' || collector === null || !('collectDeclarations' in collector) || typeof collector.collectDeclarations !== 'function') {
    throw new Error('server/bundled/collect-declarations.mjs no longer exports collectDeclarations');
  }
  const files: unknown = collector.collectDeclarations(repoRoot);
  if (typeof files !== 'object' || files === null) throw new Error('collectDeclarations returned no files');
  const root = mkdtempSync(join(tmpdir(), 'streamwise-bench-lsp-'));
  if (workspace === 'generated') {
    const withApps = /\bclass KafkaStreams\b/.test(readFileSync(join(repoRoot, 'runtime', 'dist', 'index.d.ts'), 'utf8'));
    generateWorkspace(root, join(repoRoot, 'runtime'), 400, withApps);
    return root;
  }
  cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'bench-shop'), root, { recursive: true });
  const pkg = join(root, 'node_modules', 'streamwise');
  for (const [rel, text] of Object.entries(files)) {
    if (typeof text !== 'string') continue;
    mkdirSync(dirname(join(pkg, rel)), { recursive: true });
    writeFileSync(join(pkg, rel), text);
  }
  return root;
}

interface Edit {
  line: number; // 0-based
  oldText: string;
  newText: string;
}

function editPlan(text: string, t: Target): Edit[] {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(t.needle));
  const original = lines[line];
  if (original === undefined) throw new Error(`bench workspace lost its edit line: ${t.needle}`);
  const edits: Edit[] = [];
  let current = original;
  for (let i = 0; i < WARMUP + EDITS; i++) {
    let next = original.replace(t.needle, t.variant(i + 1));
    if (next === current) next = original.replace(t.needle, t.variant(i + 2));
    edits.push({ line, oldText: current, newText: next });
    current = next;
  }
  return edits;
}

async function measureLsp(root: string, file: string, edits: Edit[]): Promise<number[]> {
  const session = await LspSession.start({ folders: [root] });
  try {
    const uri = await session.open(file);
    await session.pull(uri); // cold analysis, not measured
    const times: number[] = [];
    for (const edit of edits) {
      const start = performance.now();
      await session.replaceLine(uri, edit.line, edit.oldText.length, edit.newText);
      const diagnostics = await session.pull(uri);
      times.push(performance.now() - start);
      if (!Array.isArray(diagnostics)) throw new Error('no diagnostics');
    }
    return times.slice(WARMUP);
  } finally {
    await session.dispose();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function burstLsp(root: string, file: string, edits: Edit[]): Promise<number[]> {
  const session = await LspSession.start({ folders: [root] });
  try {
    const uri = await session.open(file);
    await session.pull(uri);
    const times: number[] = [];
    let e = 0;
    for (let burst = 0; burst < BURSTS; burst++) {
      let previous: CancellationTokenSource | undefined;
      let last: Promise<boolean> = Promise.resolve(false);
      let start = 0;
      for (let k = 0; k < KEYSTROKES; k++) {
        const edit = edits[e++];
        if (edit === undefined) throw new Error('the edit plan is shorter than the bursts');
        previous?.cancel();
        start = performance.now();
        await session.replaceLine(uri, edit.line, edit.oldText.length, edit.newText);
        const source = new CancellationTokenSource();
        previous = source;
        last = session.connection
          .sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } }, source.token)
          .then(
            () => true,
            (error: unknown) => {
              // Cancelled or overtaken pulls are expected in a burst, anything else is not.
              if (isRecord(error) && (error.code === -32800 || error.code === -32802)) return false;
              throw error;
            },
          );
        if (k < KEYSTROKES - 1) await sleep(KEYSTROKE_GAP_MS);
      }
      // A client retriggers a pull answered ServerCancelled (the folder analysis raced it).
      if (!(await last)) await session.pull(uri);
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await session.dispose();
  }
}

/** Minimal tsserver client: newline-delimited requests, Content-Length framed responses. */
class TsServer {
  private buffer = Buffer.alloc(0);
  private seq = 0;
  private pending = new Map<number, (body: unknown) => void>();
  private readonly child: ChildProcessWithoutNullStreams;

  constructor() {
    const tsserver = join(repoRoot, 'node_modules', 'typescript', 'lib', 'tsserver.js');
    this.child = spawn(process.execPath, [tsserver, '--disableAutomaticTypingAcquisition', '--suppressDiagnosticEvents'], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const match = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (match === null) throw new Error('tsserver sent a frame without Content-Length');
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const message: unknown = JSON.parse(body);
      if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'response' && 'request_seq' in message) {
        const resolve = this.pending.get(Number(message.request_seq));
        this.pending.delete(Number(message.request_seq));
        resolve?.(message);
      }
    }
  }

  send(command: string, args: unknown): void {
    this.child.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command, arguments: args })}\n`);
  }

  request(command: string, args: unknown): Promise<unknown> {
    const seq = ++this.seq;
    const answer = new Promise<unknown>((resolve) => this.pending.set(seq, resolve));
    this.child.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    return answer;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send('exit', {});
    this.child.stdin.end();
    await exited;
  }
}

async function measureTsServer(root: string, file: string, edits: Edit[]): Promise<number[]> {
  const server = new TsServer();
  try {
    server.send('open', { file, fileContent: readFileSync(file, 'utf8'), scriptKindName: 'TS', projectRootPath: root });
    await server.request('semanticDiagnosticsSync', { file }); // cold program, not measured
    const times: number[] = [];
    for (const edit of edits) {
      const start = performance.now();
      server.send('change', { file, line: edit.line + 1, offset: 1, endLine: edit.line + 1, endOffset: edit.oldText.length + 1, insertString: edit.newText });
      await server.request('semanticDiagnosticsSync', { file });
      times.push(performance.now() - start);
    }
    return times.slice(WARMUP);
  } finally {
    await server.close();
  }
}

async function burstTsServer(root: string, file: string, edits: Edit[]): Promise<number[]> {
  const server = new TsServer();
  try {
    server.send('open', { file, fileContent: readFileSync(file, 'utf8'), scriptKindName: 'TS', projectRootPath: root });
    await server.request('semanticDiagnosticsSync', { file });
    const times: number[] = [];
    let e = 0;
    for (let burst = 0; burst < BURSTS; burst++) {
      let last: Promise<unknown> = Promise.resolve();
      let start = 0;
      for (let k = 0; k < KEYSTROKES; k++) {
        const edit = edits[e++];
        if (edit === undefined) throw new Error('the edit plan is shorter than the bursts');
        start = performance.now();
        server.send('change', { file, line: edit.line + 1, offset: 1, endLine: edit.line + 1, endOffset: edit.oldText.length + 1, insertString: edit.newText });
        last = server.request('semanticDiagnosticsSync', { file });
        if (k < KEYSTROKES - 1) await sleep(KEYSTROKE_GAP_MS);
      }
      await last;
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await server.close();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const median = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 50);
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  for (const { name, target } of WORKSPACES) await benchWorkspace(name, target);
}

async function benchWorkspace(name: string, target: Target): Promise<void> {
  const root = await prepareWorkspace(name);
  const file = join(root, target.file);
  try {
    const edits = editPlan(readFileSync(file, 'utf8'), target);
    const ours = { p50: [] as number[], p95: [] as number[] };
    const peer = { p50: [] as number[], p95: [] as number[] };
    console.log(`lsp-edit-latency: one-line edit in ${target.file} of ${target.label}, ${EDITS} edits x ${ROUNDS} rounds (+${WARMUP} warm-up each)`);
    for (let round = 1; round <= ROUNDS; round++) {
      const a = (await measureLsp(root, file, edits)).sort((x, y) => x - y);
      const b = (await measureTsServer(root, file, edits)).sort((x, y) => x - y);
      ours.p50.push(percentile(a, 50));
      ours.p95.push(percentile(a, 95));
      peer.p50.push(percentile(b, 50));
      peer.p95.push(percentile(b, 95));
      console.log(
        `  round ${round}: streamwise LSP p50 ${ms(percentile(a, 50))} p95 ${ms(percentile(a, 95))} max ${ms(a[a.length - 1] ?? 0)} | ` +
          `tsserver p50 ${ms(percentile(b, 50))} p95 ${ms(percentile(b, 95))} max ${ms(b[b.length - 1] ?? 0)}`,
      );
    }
    const [o50, o95, t50, t95] = [median(ours.p50), median(ours.p95), median(peer.p50), median(peer.p95)];
    console.log(`  median of rounds: streamwise LSP (didChange -> textDocument/diagnostic) p50 ${ms(o50)}, p95 ${ms(o95)}`);
    console.log(`  median of rounds: tsserver 6 (change -> semanticDiagnosticsSync)       p50 ${ms(t50)}, p95 ${ms(t95)}`);
    console.log(`  ratio streamwise/tsserver: p50 ${(o50 / t50).toFixed(2)}x, p95 ${(o95 / t95).toFixed(2)}x; goal p95 < 50 ms: ${o95 < 50 ? 'met' : 'NOT met'}`);
    if (BURSTS > 0) {
      if (BURSTS * KEYSTROKES > edits.length) throw new Error('--bursts x 5 must not exceed --edits + 10');
      const a = (await burstLsp(root, file, edits)).sort((x, y) => x - y);
      const b = (await burstTsServer(root, file, edits)).sort((x, y) => x - y);
      console.log(`  typing bursts: ${BURSTS} bursts of ${KEYSTROKES} keystrokes ${KEYSTROKE_GAP_MS} ms apart, last keystroke -> its diagnostics`);
      console.log(`    streamwise LSP p50 ${ms(percentile(a, 50))} p95 ${ms(percentile(a, 95))} | tsserver p50 ${ms(percentile(b, 50))} p95 ${ms(percentile(b, 95))}`);
      console.log(`    ratio streamwise/tsserver: p50 ${(percentile(a, 50) / percentile(b, 50)).toFixed(2)}x, p95 ${(percentile(a, 95) / percentile(b, 95)).toFixed(2)}x`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Cold `streamwise check` on a generated 400-file workspace next to `tsc --noEmit` of TypeScript 6
// (the compiler ts-morph embeds) and TypeScript 7 (native) on the same files, in the same run; then
// re-analysis after a one-line edit through WorkspaceAnalyzer.analyzeFile next to TypeScript's own
// per-edit work (semantic diagnostics of the edited file), in the same process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { WorkspaceAnalyzer } from '../server/src/analysis/workspace-analyzer';
import { generateWorkspace } from './lib/generate-workspace';

const FILES = Number(process.env.BENCH_FILES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EDITS = Number(process.env.BENCH_EDITS ?? 40);
/** 'topologies' (default): every file is a topology module, the worst case; 'mixed': utility, topology and app modules. */
const SHAPE = process.env.BENCH_SHAPE === 'mixed' ? 'mixed' : 'topologies';
const repo = fileURLToPath(new URL('..', import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] ?? 0;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

/** GNU time, when installed: the child's CPU time (user + sys), steadier than wall clock on a shared machine. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpu: Record<string, number[]> = {};

function timed(command: string, args: string[], cwd: string, okCodes: number[], label: string): number {
  const cpuFile = join(tmpdir(), `sw-bench-cpu-${process.pid}`);
  const [cmd, argv] = GNU_TIME === undefined ? [command, args] : [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]];
  const started = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (r.status === null || !okCodes.includes(r.status)) throw new Error(`${command} ${args.join(' ')} exited ${String(r.status)}: ${r.stderr}${r.stdout.slice(0, 2000)}`);
  if (GNU_TIME !== undefined) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    (cpu[label] ??= []).push(((user ?? 0) + (sys ?? 0)) * 1000);
  }
  return elapsed;
}

const root = mkdtempSync(join(tmpdir(), 'sw-bench-analyzer-'));
try {
  const withApps = /\bclass KafkaStreams\b/.test(readFileSync(join(repo, 'runtime/dist/index.d.ts'), 'utf8'));
  const { topologyFiles } = generateWorkspace(root, join(repo, 'runtime'), FILES, withApps, SHAPE);
  console.log(`workspace: ${FILES} files, shape ${SHAPE} (${topologyFiles.length} topology modules${withApps ? ', apps with KafkaStreams' : ''}, streamwise installed in node_modules) in ${root}`);

  // Sanity: the CLI really analyses the topologies (not a no-op), tsc really checks the files.
  const check = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'check', '.', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const analyzer = new WorkspaceAnalyzer(root);
  const topologies = analyzer.analyze().topologies.length;
  if (topologies !== topologyFiles.length) throw new Error(`expected ${topologyFiles.length} topologies, the analyzer found ${topologies}`);
  console.log(`streamwise check: exit ${String(check.status)}, ${(JSON.parse(check.stdout) as { diagnostics: unknown[] }).diagnostics.length} findings, ${topologies} topologies`);

  const runs = { ours: [] as number[], tsc6: [] as number[], tsc7: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.ours.push(timed(process.execPath, [join(repo, 'dist/cli.js'), 'check', '.', '--format', 'json'], root, [0, 1], 'ours'));
    runs.tsc6.push(timed(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'], root, [0], 'tsc6'));
    runs.tsc7.push(timed(join(repo, 'node_modules/typescript7/bin/tsc'), ['--noEmit', '-p', '.'], root, [0], 'tsc7'));
  }
  const [ours, tsc6, tsc7] = [median(runs.ours), median(runs.tsc6), median(runs.tsc7)];
  console.log(`\ncold, median of ${ROUNDS} rounds (wall clock, process start to exit):`);
  console.log(`  streamwise check          ${ms(ours).padStart(8)}   runs: ${runs.ours.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  tsc --noEmit (TS 6)       ${ms(tsc6).padStart(8)}   runs: ${runs.tsc6.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  tsc --noEmit (TS 7)       ${ms(tsc7).padStart(8)}   runs: ${runs.tsc7.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  ratio streamwise / tsc 6: ${(ours / tsc6).toFixed(2)}x   (goal <= 1.0x)`);
  console.log(`  ratio streamwise / tsc 7: ${(ours / tsc7).toFixed(2)}x`);
  if (cpu.ours !== undefined && cpu.tsc6 !== undefined && cpu.tsc7 !== undefined) {
    const [c, c6, c7] = [median(cpu.ours), median(cpu.tsc6), median(cpu.tsc7)];
    console.log(`cold, CPU time (user + sys), median of ${ROUNDS}:`);
    console.log(`  streamwise check ${ms(c)}, tsc 6 ${ms(c6)}, tsc 7 ${ms(c7)}`);
    console.log(`  ratio streamwise / tsc 6: ${(c / c6).toFixed(2)}x   ratio streamwise / tsc 7: ${(c / c7).toFixed(2)}x`);
  }

  // Re-analysis after a one-line edit of a topology file, warm, in process.
  const file = topologyFiles[Math.floor(topologyFiles.length / 2)] ?? '';
  const original = readFileSync(file, 'utf8');
  const peer = new Project({ tsConfigFilePath: join(root, 'tsconfig.json') });
  const peerFile = peer.getSourceFileOrThrow(file);
  peerFile.getPreEmitDiagnostics();
  const edit = (i: number): string => original.replace("v.startsWith('a')", `v.startsWith('a${i}')`);
  const oursEdits: number[] = [];
  const peerEdits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const text = edit(i);
    let started = performance.now();
    analyzer.setFileText(file, text);
    const findings = analyzer.analyzeFile(file);
    oursEdits.push(performance.now() - started);
    if (findings.some((f) => f.severity === 'error')) throw new Error('unexpected error finding after the edit');
    started = performance.now();
    peerFile.replaceWithText(text);
    peerFile.getPreEmitDiagnostics();
    peerEdits.push(performance.now() - started);
  }
  console.log(`\nre-analysis after a one-line edit (${EDITS} edits of ${file.slice(root.length + 1)}, warm, in process):`);
  console.log(`  analyzeFile                         p50 ${ms(median(oursEdits))}, p95 ${ms(p95(oursEdits))}   (goal: p95 < 50 ms)`);
  console.log(`  TS 6 diagnostics of the edited file p50 ${ms(median(peerEdits))}, p95 ${ms(p95(peerEdits))}`);
  console.log(`  ratio p95: ${(p95(oursEdits) / p95(peerEdits)).toFixed(2)}x`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

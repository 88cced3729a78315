import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { WorkspaceAnalyzer } from '../server/src/analysis/workspace-analyzer';
const root = process.argv[2] ?? '/tmp/rules-ws';
const file = `${root}/src/topology/topology-200.ts`;
const a = new WorkspaceAnalyzer(root);
let t = performance.now(); a.analyze(); console.log('cold', (performance.now() - t).toFixed(0));
const original = readFileSync(file, 'utf8');
const times: number[] = [];
const s = new Session(); s.connect();
const post = (m: string, p?: object): Promise<unknown> => new Promise((res, rej) => s.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
void (async () => {
  for (let i = 0; i < 5; i++) { a.setFileText(file, original.replace("v.startsWith('a')", `v.startsWith('w${i}')`)); a.analyzeFile(file); }
  await post('Profiler.enable'); await post('Profiler.start');
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    a.setFileText(file, original.replace("v.startsWith('a')", `v.startsWith('a${i}')`));
    a.analyzeFile(file);
    times.push(performance.now() - t);
  }
  const r = await post('Profiler.stop') as { profile: unknown };
  writeFileSync('/tmp/rules-edit-prof/edit.cpuprofile', JSON.stringify(r.profile));
  times.sort((x, y) => x - y);
  console.log('edits p50', times[10]?.toFixed(0), 'p95', times[18]?.toFixed(0), JSON.stringify(a.lastStats));
})();

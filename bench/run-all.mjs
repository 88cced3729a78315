// Runs every benchmark in bench/ one after another (`npm run bench`). Each prints its own peer
// comparison. Add a benchmark: a line in BENCHES.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  ['devcluster-throughput.mjs', []],
];

const dir = fileURLToPath(new URL('.', import.meta.url));
let failed = 0;
for (const [file, args] of BENCHES) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [file, ...args], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);

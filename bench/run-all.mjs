// Runs every benchmark in bench/ (each prints our numbers, a named peer's, and the ratio):
// every *.ts (through tsx) and *.mjs file but this one. `node bench/run-all.mjs [substring ...]`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || (f.endsWith('.mjs') && f !== 'run-all.mjs'))
  .filter((f) => only.length === 0 || only.some((s) => f.includes(s)))
  .sort();
let failed = false;
for (const file of benches) {
  console.log(`\n# ${file}`);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', join(dir, file)] : [join(dir, file)];
  const r = spawnSync(process.execPath, args, { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

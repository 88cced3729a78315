// A fresh KafkaStreams stateDir for a test file, removed when its process exits: an app started
// without an instanceId keeps its process id in <stateDir>/<applicationId>, and the default
// (<tmpdir>/streamwise) is shared by every run on the machine. test/run-tests.mjs fails a run that
// leaves anything in the default.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

/** One directory per test process; apps with different application ids share it safely. */
export function tempStateDir(): string {
  if (dir !== undefined) return dir;
  const created = mkdtempSync(join(tmpdir(), 'sw-state-'));
  dir = created;
  process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  return created;
}

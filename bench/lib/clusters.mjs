// The two brokers the dev-cluster benchmarks compare, each in its own process so the client
// under test gets the bench process's thread to itself: ours (`streamwise dev-cluster`) and
// librdkafka's mock cluster (started by kcat). Each resolves to { bootstrap, close() }.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function startDevClusterProcess(partitions) {
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'dev-cluster', '--port', '0', '--partitions', String(partitions)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address line from dev-cluster within 15 s: ${out}`)), 15_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.stdout.on('data', (d) => {
      out += d.toString();
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ bootstrap: m[1], close: () => new Promise((r) => { child.on('exit', r); child.kill('SIGTERM'); }) }); }
    });
  });
}

export function startMockCluster() {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', 'dummy:9092', '-X', 'test.mock.num.brokers=1', '-C', '-t', 'keepalive'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no mock cluster line from kcat within 15 s: ${err}`)), 15_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.stderr.on('data', (d) => {
      err += d.toString();
      const m = /Mock cluster enabled.*?(127\.0\.0\.1:\d+)/.exec(err);
      if (m) { clearTimeout(timer); resolve({ bootstrap: m[1], close: () => child.kill('SIGTERM') }); }
    });
  });
}

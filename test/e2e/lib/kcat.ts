// kcat (librdkafka), a Kafka client no one here wrote, feeding a topic as an upstream service would.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Producer {
  send(lines: string[]): void;
  close(): Promise<void>;
}

/** `kcat -P` with keys: each line is `key<TAB>value`. */
export function kcatProducer(bootstrap: string, topic: string): Producer {
  const child: ChildProcess = spawn('kcat', ['-b', bootstrap, '-P', '-t', topic, '-K', '\t', '-X', 'linger.ms=5'], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', (error) => {
    stderr += String(error);
  });
  return {
    send(lines) {
      child.stdin?.write(lines.map((l) => `${l}\n`).join(''));
    },
    async close() {
      child.stdin?.end();
      const code = await exited;
      if (code !== 0) throw new Error(`kcat -P exited with ${code}: ${stderr}`);
    },
  };
}

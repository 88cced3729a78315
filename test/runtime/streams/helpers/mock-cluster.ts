// librdkafka's mock cluster (Debian kcat): a Kafka broker nobody here wrote, on loopback ports.
import { spawn, type ChildProcess } from 'node:child_process';

export interface MockCluster { brokers: string[]; close(): Promise<void> }

export function startMockCluster(brokerCount = 1, timeoutMs = 15000): Promise<MockCluster> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('kcat', ['-b', 'dummy:9092', '-X', `test.mock.num.brokers=${brokerCount}`, '-C', '-t', `keepalive-${process.pid}`, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      reject(new Error(`kcat (librdkafka mock cluster) is required: apt-get install -y kcat (${String(error)})`));
      return;
    }
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat mock cluster did not start within ${timeoutMs} ms: ${log}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`kcat (librdkafka mock cluster) is required: apt-get install -y kcat (${error.message})`));
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log += chunk;
      const m = /replaced with (\S+)/.exec(log);
      if (m?.[1] === undefined) return;
      clearTimeout(timer);
      const brokers = m[1].split(',');
      resolve({
        brokers,
        close: () => new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

// Broker lists from the command line, and a reachability check with one clear message.
import { createKafkaClient, silentLogger } from 'streamwise';
import { UsageError } from '../command';

export function parseBrokers(value: string): string[] {
  const brokers = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = brokers.filter((b) => !/^[^\s:/]+:\d{1,5}$/.test(b));
  if (brokers.length === 0 || bad.length > 0) throw new UsageError(`--brokers must be host:port[,host:port...], got '${value}'`);
  return brokers;
}

export class BrokersUnreachableError extends Error {
  override name = 'BrokersUnreachableError';
}

export async function checkBrokers(brokers: string[]): Promise<void> {
  const admin = createKafkaClient({ brokers, clientId: 'streamwise-cli', logger: silentLogger, connectionTimeoutMs: 2000 }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw new BrokersUnreachableError(`cannot reach brokers ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

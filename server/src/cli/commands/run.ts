// `streamwise run FILE`: runs a topology module against brokers or the embedded dev cluster,
// printing state changes and a metrics line every few seconds, until SIGINT/SIGTERM.
import { DEFAULT_PARTITIONS } from 'streamwise/model';
import type { CliCommand } from '../command';

export const runFlags = {
  brokers: { type: 'string' }, instances: { type: 'string' }, input: { type: 'string', multiple: true },
  'metrics-out': { type: 'string' }, 'application-id': { type: 'string' }, partitions: { type: 'string' },
  'metrics-interval': { type: 'string' }, verbose: { type: 'boolean' }, print: { type: 'string', multiple: true },
  // Given brokers that are a local dev cluster (the extension's): create missing topics there too.
  'create-topics': { type: 'boolean' },
  // Instances when neither --instances nor the config's apps[id].instances says (the extension's setting).
  'default-instances': { type: 'string' },
} as const;

export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run FILE [--brokers a,b] [--instances N] [--default-instances N] [--input topic=file.jsonl] [--print TOPIC] [--partitions N] [--metrics-out FILE] [--metrics-interval MS] [--application-id ID] [--create-topics] [--verbose]',
  summary: `run a topology module (no brokers: embedded dev cluster, its source and sink topics created with streamwise.config.json's partitions, else --partitions, default ${DEFAULT_PARTITIONS})`,
  run: async (args, io) => (await import('./run-handler')).runRun(args, io),
};

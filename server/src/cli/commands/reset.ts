// `streamwise reset --application-id ID`: Kafka's kafka-streams-application-reset (input offsets
// back to the earliest offset or a time, internal topics deleted); --dry-run only prints the plan.
import type { CliCommand } from '../command';

export const resetFlags = {
  'application-id': { type: 'string' }, brokers: { type: 'string' }, 'bootstrap-server': { type: 'string' },
  'input-topics': { type: 'string' }, 'to-earliest': { type: 'boolean' }, 'to-latest': { type: 'boolean' },
  'to-datetime': { type: 'string' }, 'dry-run': { type: 'boolean' },
} as const;

export const resetCommand: CliCommand = {
  name: 'reset',
  usage: 'reset --application-id ID [--brokers a,b] [--to-earliest | --to-latest | --to-datetime T] [--input-topics a,b] [--dry-run]',
  summary: "as Kafka's kafka-streams-application-reset: input offsets back, internal topics deleted (the application must be stopped)",
  run: async (args, io) => (await import('./reset-handler')).runReset(args, io),
};

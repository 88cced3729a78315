// `streamwise describe FILE`: prints a topology module's topology (Kafka Streams format).
import type { CliCommand } from '../command';

export const describeCommand: CliCommand = {
  name: 'describe',
  usage: 'describe FILE',
  summary: "print a topology module's topology",
  run: async (args, io) => (await import('./describe-handler')).runDescribe(args, io),
};

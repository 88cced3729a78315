// `streamwise lag --group ID`: kafka-consumer-groups --describe's columns plus rate, time to catch
// up and a status judged over a window spanning several commit intervals (runtime/src/lag).
import type { CliCommand } from '../command';

export const lagFlags = {
  group: { type: 'string' }, brokers: { type: 'string' }, format: { type: 'string' }, samples: { type: 'string' }, interval: { type: 'string' },
  'fail-on': { type: 'string' }, timeout: { type: 'string' }, 'commit-interval': { type: 'string' },
} as const;

export const lagCommand: CliCommand = {
  name: 'lag',
  usage: 'lag --group ID [--brokers a,b] [--fail-on warn|stall|stop] [--format text|json] [--interval MS] [--timeout MS] [--commit-interval MS] [--samples N]',
  summary: 'per-partition lag, members, rates and status for a group (samples until the window holds 3 commits)',
  run: async (args, io) => (await import('./lag-handler')).runLag(args, io),
};

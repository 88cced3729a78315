// The work of `streamwise reset` (its name, usage and flags: ./reset.ts), loaded only when it runs:
// it needs the runtime, which `streamwise check` must not pay for.
import { ApplicationResetError, applyApplicationReset, createKafkaClient, planApplicationReset, silentLogger, type ResetPlan, type ResetTarget } from 'streamwise';
import { UsageError, type CliIo } from '../command';
import { parseFlags } from '../parse-flags';
import { resetFlags } from './reset';
import { BrokersUnreachableError, checkBrokers, parseBrokers } from '../run/brokers';

/** Kafka's format (yyyy-MM-ddTHH:mm:ss.SSS with an optional zone; no zone = local time) or any ISO 8601 date-time. */
export function parseDateTime(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    throw new UsageError(`--to-datetime must look like 2024-05-01T12:00:00.000 (optionally with Z or +hh:mm), got '${text}'`);
  }
  const zoned = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) throw new UsageError(`--to-datetime is not a valid date-time: '${text}'`);
  return ms;
}

function printPlan(plan: ResetPlan, target: string, dryRun: boolean, io: CliIo): void {
  const would = dryRun ? ' (dry run: nothing changed)' : '';
  if (plan.inputs.length === 0) io.out(`No committed input topics for '${plan.applicationId}': no offsets to reset.`);
  else {
    io.out(`Reset-offsets for input topics [${plan.inputs.map((i) => i.topic).join(', ')}] to ${target}${would}`);
    for (const input of plan.inputs) {
      for (const o of input.offsets) io.out(`Topic: ${input.topic} Partition: ${o.partition} Offset: ${o.from === null ? '-' : o.from} -> ${o.to}`);
    }
  }
  if (plan.internalTopics.length === 0) io.out('No internal topics to delete.');
  else io.out(`${dryRun ? 'Would delete' : 'Deleting'} internal topics [${plan.internalTopics.join(', ')}]${would}`);
  if (!dryRun) io.out('Done.');
}

/** `streamwise reset`: loaded by ./reset.ts only when the command runs. */
export async function runReset(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, resetFlags);
  if (positionals.length > 0) throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`);
  const applicationId = values['application-id'];
  if (applicationId === undefined || applicationId === '') throw new UsageError('--application-id ID is required');
  const targets = [values['to-earliest'] === true, values['to-latest'] === true, values['to-datetime'] !== undefined].filter(Boolean).length;
  if (targets > 1) throw new UsageError('give one of --to-earliest, --to-latest, --to-datetime');
  const datetime = values['to-datetime'];
  const target: ResetTarget = datetime !== undefined ? { kind: 'datetime', timestamp: parseDateTime(datetime) } : values['to-latest'] === true ? { kind: 'latest' } : { kind: 'earliest' };
  const targetText = target.kind === 'datetime' ? `the first offset at or after ${new Date(target.timestamp).toISOString()}` : target.kind;
  if (values.brokers !== undefined && values['bootstrap-server'] !== undefined) throw new UsageError('give --brokers or --bootstrap-server, not both');
  const brokers = parseBrokers(values.brokers ?? values['bootstrap-server'] ?? '127.0.0.1:9092');
  const inputTopics = values['input-topics']?.split(',').map((t) => t.trim()).filter((t) => t !== '');
  try {
    await checkBrokers(brokers);
  } catch (error) {
    if (!(error instanceof BrokersUnreachableError)) throw error;
    io.err(`streamwise reset: ${error.message}`);
    return 1;
  }
  const admin = createKafkaClient({ brokers, clientId: 'streamwise-reset', logger: silentLogger }).admin();
  await admin.connect();
  try {
    const plan = await planApplicationReset(admin, applicationId, target, inputTopics);
    printPlan(plan, targetText, values['dry-run'] === true, io);
    if (values['dry-run'] !== true) await applyApplicationReset(admin, plan);
    return 0;
  } catch (error) {
    if (!(error instanceof ApplicationResetError)) throw error;
    io.err(`streamwise reset: ${error.message}`);
    return 1;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// AlterConfigs v0-v1 (a topic's whole config set is replaced, as Kafka does) and the shared apply
// step IncrementalAlterConfigs uses. Broker configs are fixed at start: INVALID_REQUEST.
import type { Broker } from '../../broker/broker';
import { topicConfigProblem } from '../../broker/topic-config';
import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import type { Writer } from '../../protocol/writer';
import type { ApiDef } from '../api';

export const TOPIC_RESOURCE = 2;

export interface AlterResult { errorCode: number; message: string | null; type: number; name: string }

/** Validates and stores a topic's new config set. */
export async function applyTopicConfigs(broker: Broker, type: number, name: string, next: (current: Record<string, string>) => Record<string, string | null> | string, validateOnly: boolean): Promise<AlterResult> {
  const fail = (errorCode: number, message: string): AlterResult => ({ errorCode, message, type, name });
  if (type !== TOPIC_RESOURCE) return fail(ErrorCode.INVALID_REQUEST, `only topic configs can be altered (resource type ${type})`);
  const topic = broker.topics.get(name);
  if (topic === undefined) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic '${name}'`);
  const wanted = next({ ...topic.configs });
  if (typeof wanted === 'string') return fail(ErrorCode.INVALID_CONFIG, wanted);
  const configs: Record<string, string> = {};
  for (const [k, v] of Object.entries(wanted)) {
    const problem = topicConfigProblem(k, v);
    if (problem !== undefined) return fail(ErrorCode.INVALID_CONFIG, problem);
    if (v !== null) configs[k] = v;
  }
  if (!validateOnly) {
    try {
      await broker.topics.setConfigs(topic, configs);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      return fail(ErrorCode.KAFKA_STORAGE_ERROR, error.message);
    }
    broker.logger.info('dev cluster: altered topic configs', { topic: name, configs });
  }
  return { errorCode: 0, message: null, type, name };
}

export function encodeAlterResults(w: Writer, results: readonly AlterResult[]): Writer {
  w.i32(0);
  return w.array(results, (x, res) => { x.i16(res.errorCode).nullableString(res.message).i8(res.type).string(res.name).tags(); }).tags();
}

export const alterConfigsApi: ApiDef = {
  key: 33, name: 'AlterConfigs', minVersion: 0, maxVersion: 1, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const resources = r.array((x) => ({ type: x.i8(), name: x.string(), configs: x.array((c) => ({ name: c.string(), value: c.nullableString() })) }));
    const validateOnly = r.bool();
    const results = await Promise.all(resources.map((res) => applyTopicConfigs(ctx.broker, res.type, res.name, () => Object.fromEntries(res.configs.map((c) => [c.name, c.value])), validateOnly)));
    return encodeAlterResults(w, results);
  },
};

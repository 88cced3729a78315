import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode, type ConfigEntry, type ConfigResult } from './v0-v2';

const TOPIC = 2;
const BROKER = 4;
const TOPIC_DEFAULTS: Record<string, string> = {
  'cleanup.policy': 'delete', 'retention.ms': '-1', 'compression.type': 'producer', 'max.message.bytes': '104857600',
  'min.insync.replicas': '1', 'message.timestamp.type': 'CreateTime',
};

export const describeConfigsApi: ApiDef = {
  key: 32, name: 'DescribeConfigs', minVersion: 0, maxVersion: 2, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const req = decode(r, v);
    const results = req.resources.map((res): ConfigResult => {
      const base = { type: res.type, name: res.name };
      let entries: ConfigEntry[];
      if (res.type === TOPIC) {
        const topic = ctx.broker.topics.get(res.name);
        if (topic === undefined) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `unknown topic '${res.name}'`, configs: [] };
        const all = { ...TOPIC_DEFAULTS, ...topic.configs };
        entries = Object.entries(all).map(([name, value]) => ({ name, value, isDefault: !(name in topic.configs) }));
      } else if (res.type === BROKER) {
        entries = [
          { name: 'num.partitions', value: String(ctx.broker.config.defaultPartitions), isDefault: false },
          { name: 'auto.create.topics.enable', value: String(ctx.broker.config.autoCreateTopics), isDefault: false },
        ];
      } else {
        return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unsupported resource type ${res.type}`, configs: [] };
      }
      const configs = res.keys === null ? entries : entries.filter((e) => res.keys?.includes(e.name));
      return { ...base, errorCode: 0, errorMessage: null, configs };
    });
    return encode(w, v, results);
  },
};

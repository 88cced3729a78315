import { ErrorCode } from '../../protocol/error-codes';
import type { Broker } from '../../broker/broker';
import { TOPIC_CONFIGS } from '../../broker/topic-config';
import type { ApiDef } from '../api';
import { decode, encode, type ConfigEntry, type ConfigResult } from './v0-v2';

const TOPIC = 2;
const BROKER = 4;

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
        const d = ctx.broker.defaults;
        entries = Object.entries(TOPIC_CONFIGS).map(([name, def]) => ({ name, value: topic.configs[name] ?? def.fallback(d), isDefault: !(name in topic.configs) }));
      } else if (res.type === BROKER) {
        entries = [
          { name: 'num.partitions', value: String(ctx.broker.config.defaultPartitions), isDefault: false },
          { name: 'auto.create.topics.enable', value: String(ctx.broker.config.autoCreateTopics), isDefault: false },
          ...brokerEntries(ctx.broker),
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

function brokerEntries(b: Broker): ConfigEntry[] {
  const d = b.defaults;
  return [
    { name: 'message.max.bytes', value: String(d.messageMaxBytes), isDefault: false },
    { name: 'log.retention.ms', value: String(d.retentionMs), isDefault: false },
    { name: 'log.retention.bytes', value: String(d.retentionBytes), isDefault: false },
    { name: 'log.segment.bytes', value: String(d.segmentBytes), isDefault: false },
    { name: 'log.roll.ms', value: String(d.segmentMs), isDefault: false },
    { name: 'log.flush.policy', value: b.flush, isDefault: false },
    { name: 'socket.request.max.bytes', value: String(b.limits.socketRequestMaxBytes), isDefault: false },
    { name: 'connections.max.idle.ms', value: String(b.limits.connectionsMaxIdleMs), isDefault: false },
  ];
}

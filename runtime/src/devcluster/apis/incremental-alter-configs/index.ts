// IncrementalAlterConfigs v0-v1: set, delete, append to or subtract from single topic configs.
import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { applyTopicConfigs, encodeAlterResults } from '../alter-configs/index';

const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;

export const incrementalAlterConfigsApi: ApiDef = {
  key: 44, name: 'IncrementalAlterConfigs', minVersion: 0, maxVersion: 1, flexibleFrom: 1,
  async handle(ctx, r, w) {
    const resources = r.array((x) => {
      const res = { type: x.i8(), name: x.string(), configs: x.array((c) => { const e = { name: c.string(), op: c.i8(), value: c.nullableString() }; c.tags(); return e; }) };
      x.tags();
      return res;
    });
    const validateOnly = r.bool();
    r.tags();
    const results = await Promise.all(resources.map(async (res) => {
      const result = await applyTopicConfigs(ctx.broker, res.type, res.name, (current) => {
        const next: Record<string, string | null> = { ...current };
        for (const c of res.configs) {
          const list = (next[c.name] ?? '').split(',').filter((s) => s !== '');
          if (c.op === SET) next[c.name] = c.value;
          else if (c.op === DELETE) delete next[c.name];
          else if (c.op === APPEND) next[c.name] = [...list, ...(c.value ?? '').split(',').filter((s) => s !== '' && !list.includes(s))].join(',');
          else if (c.op === SUBTRACT) next[c.name] = list.filter((s) => !(c.value ?? '').split(',').includes(s)).join(',');
          else return `unknown config operation ${c.op} for ${c.name}`;
        }
        return next;
      }, validateOnly);
      return result.errorCode === ErrorCode.INVALID_CONFIG && result.message?.startsWith('unknown config operation') === true ? { ...result, errorCode: ErrorCode.INVALID_REQUEST } : result;
    }));
    return encodeAlterResults(w, results);
  },
};

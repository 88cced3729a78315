// DescribeConfigs v0-v2.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface ConfigResource { type: number; name: string; keys: string[] | null }

export function decode(r: Reader, v: number): { resources: ConfigResource[] } {
  const resources = r.array((x) => ({ type: x.i8(), name: x.string(), keys: x.nullableArray((k) => k.string()) }));
  if (v >= 1) r.bool();
  return { resources };
}

export interface ConfigEntry { name: string; value: string | null; isDefault: boolean }
export interface ConfigResult { errorCode: number; errorMessage: string | null; type: number; name: string; configs: ConfigEntry[] }

export function encode(w: Writer, v: number, results: ConfigResult[]): Writer {
  w.i32(0);
  return w.array(results, (x, res) => {
    x.i16(res.errorCode).nullableString(res.errorMessage).i8(res.type).string(res.name);
    x.array(res.configs, (y, c) => {
      y.string(c.name).nullableString(c.value).bool(false);
      if (v === 0) y.bool(c.isDefault);
      else y.i8(c.isDefault ? 5 : 1); // DEFAULT_CONFIG : DYNAMIC_TOPIC_CONFIG
      y.bool(false);
      if (v >= 1) y.array([], () => {});
    });
  });
}

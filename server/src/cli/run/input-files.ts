// `--input topic=file.jsonl`: one record per line, either {"key", "value", "headers"?, "timestamp"?}
// or any other JSON value (the record's value, no key). Everything is parsed before anything is
// produced, so a bad line loses nothing and names its file and line.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ProducedRecord } from 'streamwise';
import { MissingFileError, UsageError } from '../command';

export interface InputFile { topic: string; file: string; records: ProducedRecord[] }

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

const text = (v: unknown): Buffer | null => (v === null || v === undefined ? null : Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)));

function isRecordShape(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v
    && Object.keys(v).every((k) => ['key', 'value', 'headers', 'timestamp', 'partition'].includes(k));
}

export function parseInputOption(spec: string, cwd: string): InputFile {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--input must be topic=file.jsonl, got '${spec}'`);
  const topic = spec.slice(0, eq);
  const file = resolve(cwd, spec.slice(eq + 1));
  if (!TOPIC.test(topic)) throw new UsageError(`--input: '${topic}' is not a legal topic name ([A-Za-z0-9._-], 1-249 chars)`);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new MissingFileError(`--input ${spec}: ${code === 'ENOENT' ? 'no such file' : `cannot read: ${error instanceof Error ? error.message : String(error)}`}: ${relative(cwd, file) || file}`);
  }
  const records: ProducedRecord[] = [];
  const now = Date.now();
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${relative(cwd, file) || file}:${i + 1}: not JSON (${(error as Error).message}); each line is one record`);
    }
    if (!isRecordShape(v)) {
      records.push({ topic, key: null, value: text(v), headers: {}, timestamp: now });
      return;
    }
    const headers: Record<string, Buffer> = {};
    if (v.headers !== undefined) {
      if (typeof v.headers !== 'object' || v.headers === null) throw new UsageError(`${relative(cwd, file) || file}:${i + 1}: headers must be an object of strings`);
      for (const [k, h] of Object.entries(v.headers)) {
        if (typeof h !== 'string') throw new UsageError(`${relative(cwd, file) || file}:${i + 1}: header '${k}' must be a string`);
        headers[k] = Buffer.from(h);
      }
    }
    if (v.timestamp !== undefined && (typeof v.timestamp !== 'number' || !Number.isFinite(v.timestamp))) throw new UsageError(`${relative(cwd, file) || file}:${i + 1}: timestamp must be a number (ms)`);
    if (v.partition !== undefined && (typeof v.partition !== 'number' || !Number.isInteger(v.partition) || v.partition < 0)) throw new UsageError(`${relative(cwd, file) || file}:${i + 1}: partition must be a non-negative integer`);
    const record: ProducedRecord = { topic, key: text(v.key), value: text(v.value), headers, timestamp: typeof v.timestamp === 'number' ? v.timestamp : now };
    if (typeof v.partition === 'number') record.partition = v.partition;
    records.push(record);
  });
  return { topic, file, records };
}

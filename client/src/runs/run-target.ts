// What Run Topology runs, decided without vscode: the CodeLens/test argument, the source topics a
// topology reads (to pair picked input files with topics), the config file's `inputs`.
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { TopologyModel } from 'streamwise/model';

/** Run Topology's argument: the CodeLens' TopologyCommandArgs, plus optional test hooks. */
export interface RunTopologyArgs {
  uri?: string;
  topologyIndex?: number;
  /** 'config': whatever streamwise.config.json says (the CLI reads it); 'none': no input; a map:
   *  topic -> JSONL file (absolute or relative to the folder). Absent: ask when the config has none. */
  inputs?: 'config' | 'none' | Record<string, string>;
}

export function parseRunArgs(raw: unknown): RunTopologyArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const out: RunTopologyArgs = {};
  const uri: unknown = Reflect.get(raw, 'uri');
  const index: unknown = Reflect.get(raw, 'topologyIndex');
  const inputs: unknown = Reflect.get(raw, 'inputs');
  if (typeof uri === 'string') out.uri = uri;
  if (typeof index === 'number' && Number.isInteger(index) && index >= 0) out.topologyIndex = index;
  if (inputs === 'config' || inputs === 'none') out.inputs = inputs;
  else if (typeof inputs === 'object' && inputs !== null) {
    const map: Record<string, string> = {};
    for (const [topic, file] of Object.entries(inputs)) if (typeof file === 'string') map[topic] = file;
    out.inputs = map;
  }
  return out;
}

/** External (non-internal) source topics of a topology, sorted. */
export function sourceTopics(model: TopologyModel): string[] {
  const topics = new Set<string>();
  for (const sub of model.subTopologies) {
    for (const node of sub.nodes) if (node.kind === 'source' && node.internal !== true) node.topics.forEach((t) => topics.add(t));
  }
  return [...topics].sort();
}

/** A picked file named after a source topic (`logs.jsonl` for topic `logs`) pairs with it. */
export function topicForFile(file: string, topics: readonly string[]): string | undefined {
  const stem = basename(file, extname(file));
  if (topics.includes(stem)) return stem;
  return topics.length === 1 ? topics[0] : undefined;
}

/** The `inputs` map of `<folder>/streamwise.config.json` (topic -> path as written); {} when none or unreadable. */
export function configInputs(folder: string): Record<string, string> {
  const path = join(folder, 'streamwise.config.json');
  if (!existsSync(path)) return {};
  try {
    const data: unknown = parse(readFileSync(path, 'utf8'), [], { allowTrailingComma: true });
    const inputs: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'inputs') : undefined;
    const out: Record<string, string> = {};
    if (typeof inputs === 'object' && inputs !== null) for (const [topic, file] of Object.entries(inputs)) if (typeof file === 'string') out[topic] = file;
    return out;
  } catch {
    return {};
  }
}

// What Run Topology runs, decided without vscode: the CodeLens/test argument, the source topics a
// topology reads (to pair picked input files with topics), the config file's `inputs`.
import { basename, extname } from 'node:path';
import type { TopologyModel } from 'streamwise/model';
import { runConfigFor } from '../../../server/src/cli/run/workspace-config';

/** Run Topology's argument: the CodeLens' TopologyCommandArgs, plus optional test hooks. */
export interface RunTopologyArgs {
  uri?: string;
  topologyIndex?: number;
  /** 'config' or 'none': no input files picked (the CLI still feeds streamwise.config.json's
   *  `inputs`, as `streamwise run` does); a map: topic -> JSONL file (absolute or relative to the
   *  folder). Absent: the config's `inputs` if it has any, else ask. */
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

/**
 * The `inputs` a run of `moduleFile` gets from its streamwise.config.json (the nearest one, read by
 * the CLI's own loader: the CLI feeds them itself when no --input is given), or the config's errors.
 */
export function configuredInputs(moduleFile: string, cwd: string): { inputs: Record<string, string> } | { error: string } {
  try {
    return { inputs: { ...runConfigFor(moduleFile, cwd).config.inputs } };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

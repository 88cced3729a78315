// One operator catalog, two readers: for every topology built in the examples and the test
// fixtures, the analyzer's static model equals the runtime's describe().toJSON() (nodes, names,
// operators, edges, stores, topics, sub-topologies), apart from source locations.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { planOf, StreamsBuilder, type Topology } from 'streamwise';
import type { TopologyModel } from 'streamwise/model';
import { WorkspaceAnalyzer } from '../../../../server/src/analysis/workspace-analyzer';
import { repoRoot } from '../../rules/rule-tester';
import { taskCount } from '../../../../server/src/rules/thread-partition-mismatch';
import { defaultsBinding, modelWithTopics, NO_CHOICE, topicChoices } from '../../../../server/src/analysis/extract/topic-choices';
import { resolvePlan } from '../../../../runtime/src/streams/internal-topics';
import type { DeploymentFacts } from '../../../../server/src/analysis/types';

/**
 * Files not imported, each for a reason: importing them does more than build a topology, or they
 * are not valid code. Every other file under examples/ and test/fixtures/ that calls build() on a
 * StreamsBuilder is checked, so new fixtures are covered without being listed.
 */
const NOT_IMPORTED: Record<string, string> = {
  'test/fixtures/client/runs/spawns-child.ts': 'starts a child process on import',
  'test/fixtures/client/runs/throws-on-load.ts': 'throws on import by design',
  'test/fixtures/streams/uppercase-app.ts': 'starts a KafkaStreams app on import',
  'test/fixtures/lsp/garbage/broken.ts': 'not valid TypeScript by design',
  'test/fixtures/cli/does-not-compile.ts': 'not valid TypeScript by design',
};

/**
 * Where the analyzer is known to see less than the runtime builds (it under-reports rather than
 * guesses). Each must still differ: when the analyzer learns the case, the entry goes.
 */
const ANALYZER_GAPS: Record<string, string> = {
  'test/fixtures/lsp/bench-shop/src/topologies/orders.ts:31': 'a for-of loop over Object.entries() of a split result, with topics computed from the key: loops are not unrolled',
};


function candidates(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...candidates(path));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      if (text.includes('StreamsBuilder') && text.includes('.build(')) out.push(path);
    }
  }
  return out;
}

/** Comparable form, one line per fact: nodes (per sub-topology, edges order-insensitive), stores,
 *  internal topics. */
function facts(model: TopologyModel, unknownSinks: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const s of model.subTopologies) {
    out.push(`sub-topology ${s.id}${s.globalStore === true ? ' (global store)' : ''} reads ${[...s.sourceTopics].sort().join(',')}`);
    for (const n of s.nodes) {
      const detail = n.kind === 'processor' ? `${n.operator} stores=${[...n.stores].sort().join(',')}`
        : n.kind === 'source' ? `topics=${[...n.topics].sort().join(',')}${n.internal === true ? ' internal' : ''}`
          : `topic=${unknownSinks.has(n.name) ? '?' : (n.topic ?? (n.topicExtractor === true ? '<extractor>' : '?'))}${n.internal === true ? ' internal' : ''}${n.numberOfPartitions === undefined ? '' : ` partitions=${n.numberOfPartitions}`}`;
      out.push(`  ${s.id} ${n.kind} ${n.name} ${detail} -> ${[...n.successors].sort().join(',')} <- ${[...n.predecessors].sort().join(',')}`);
    }
  }
  for (const st of model.stores) out.push(`store ${st.name} ${st.kind}${st.global === true ? ' global' : ''} ${st.changelogTopic ?? '-'} processors=${[...st.processors].sort().join(',')}`);
  out.push(`internal topics ${[...model.internalTopics].sort().join(',')}`);
  for (const g of model.copartitionGroups ?? []) out.push(`co-partitioned ${g.join(',')}`);
  return out.sort();
}

/** Sinks whose topic the analyzer could not resolve (a parameter, say): any runtime topic matches. */
function unknownTopicSinks(model: TopologyModel): Set<string> {
  const out = new Set<string>();
  for (const s of model.subTopologies) for (const n of s.nodes) if (n.kind === 'sink' && n.topic === undefined && n.topicExtractor !== true) out.add(n.name);
  return out;
}

function difference(analyzer: string[], runtime: string[]): string {
  const onlyA = analyzer.filter((l) => !runtime.includes(l));
  const onlyR = runtime.filter((l) => !analyzer.includes(l));
  return [...onlyA.map((l) => `  analyzer: ${l}`), ...onlyR.map((l) => `  runtime:  ${l}`)].join('\n');
}

/** The runtime's topologies per file and build() line, captured while the real build() runs. */
const built = new Map<string, Topology>();
const realBuild = StreamsBuilder.prototype.build;
function captureBuilds(): void {
  StreamsBuilder.prototype.build = function build(this: StreamsBuilder): Topology {
    const topology = realBuild.call(this);
    // The frame after this one is the build() call site (tsx maps it to the source line).
    const site = new Error().stack?.split('\n')[2]?.match(/\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?$/);
    if (site?.[1] !== undefined && site[2] !== undefined) built.set(`${site[1].replace(/^file:\/\//, '')}:${site[2]}`, topology);
    return topology;
  };
}

/** Topology factories a module exports but does not call: functions that make a StreamsBuilder
 *  (and start nothing), and such classes (constructed, then build() if they have it), all called
 *  without arguments. */
async function buildAll(file: string, exports: Record<string, unknown>, failed: string[]): Promise<void> {
  for (const value of Object.values(exports)) {
    if (typeof value !== 'function') continue;
    const text = Function.prototype.toString.call(value);
    const proto: unknown = value.prototype;
    try {
      if (/^class\s/.test(text)) {
        if (text.includes('StreamsBuilder') && !text.includes('.start(')) {
          // The constructor may build (an app class); a build() method builds too.
          const instance: unknown = new (value as new () => unknown)();
          if (typeof proto === 'object' && proto !== null && 'build' in proto) (instance as { build(): unknown }).build();
        }
      } else if (text.includes('StreamsBuilder') && !text.includes('.start(')) {
        // A parameter (a handler, say) is undefined, as if unset.
        await (value as () => unknown)();
      }
    } catch (e) {
      // As above: what was built before the error is compared.
      failed.push(`${file}: ${String(e).split('\n')[0]}`);
    }
  }
}

const logger = { debug() {}, info() {}, warn() {}, error() {} };

test('the analyzer models every example and fixture topology exactly as the runtime builds it', async (ctx) => {
  const files = [...candidates(join(repoRoot, 'examples')), ...candidates(join(repoRoot, 'test', 'fixtures'))]
    .filter((f) => NOT_IMPORTED[relative(repoRoot, f)] === undefined);
  assert.ok(files.length >= 30, `expected the examples and fixtures, found ${files.length} files`);
  const failed: string[] = [];
  captureBuilds();
  try {
    for (const f of files) {
      try {
        await buildAll(f, (await import(f)) as Record<string, unknown>, failed);
      } catch (e) {
        // A fixture may fail by design at import (an invalid application id, a declared-only
        // function): the builds that ran before that are still compared.
        failed.push(`${f}: ${String(e).split('\n')[0]}`);
      }
    }
  } finally {
    StreamsBuilder.prototype.build = realBuild;
  }

  const roots = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'fixtures')];
  const mismatches: string[] = [];
  const skipped: string[] = [];
  let compared = 0;
  let tasksCompared = 0;
  for (const root of roots) {
    const analyzer = new WorkspaceAnalyzer(root, { logger });
    const result = analyzer.analyze();
    const builtOf = new Map(analyzer.builtTopologies().map((b) => [b.extracted, b]));
    for (const t of result.topologies) {
      const key = `${t.file}:${t.range.line}`;
      const runtime = built.get(key);
      const where = `${relative(repoRoot, t.file)}:${t.range.line}`;
      if (NOT_IMPORTED[relative(repoRoot, t.file)] !== undefined) continue;
      if (runtime === undefined) {
        // Only code that failed before build() (by design: fixtures of broken code) may have none.
        const why = failed.find((f) => f.startsWith(`${t.file}:`));
        if (why === undefined) mismatches.push(`${where}: analyzed, but no runtime build() ran there`);
        else skipped.push(`${where}: ${why.slice(t.file.length + 2)}`);
        continue;
      }
      compared += 1;
      const builtT = builtOf.get(t);
      // A source topic that is a factory parameter or one of several values: the analyzer's
      // instances (the factory called without arguments, as here) must include the runtime's.
      const runtimeFacts = facts(runtime.describe().toJSON(), unknownTopicSinks(t.model));
      const binding = builtT === undefined ? undefined : defaultsBinding(builtT);
      const choices = builtT === undefined ? undefined : topicChoices(builtT, binding);
      const instances = (choices ?? [NO_CHOICE]).map((choice) => ({ choice, model: builtT === undefined ? t.model : (modelWithTopics(builtT, choice) ?? t.model) }));
      const matching = instances.find((i) => difference(facts(i.model), runtimeFacts) === '') ?? instances[0];
      const diff = matching === undefined ? 'no instance' : difference(facts(matching.model), runtimeFacts);
      if (ANALYZER_GAPS[where] !== undefined) {
        if (diff === '') mismatches.push(`${where}: now modeled exactly; remove it from ANALYZER_GAPS`);
      } else if (diff !== '') {
        mismatches.push(`${where}:\n${diff}`);
      } else {
        // Task counts as the runtime computes them (repartition topics take the partition count
        // of the sub-topology writing them, or of the topics a join co-partitions them with), with
        // a different partition count per source topic.
        const plans = planOf(runtime);
        const external = [...new Set(plans.flatMap((p) => p.sourceTopics.filter((x) => !p.internalSourceTopics.includes(x))))].sort();
        const counts = new Map(external.map((topic, i) => [topic, 2 + ((i * 5) % 11)]));
        // Co-partitioned source topics share a count (else Kafka, and the runtime, refuse to start).
        const groups = runtime.describe().toJSON().copartitionGroups ?? [];
        for (let changed = true; changed;) {
          changed = false;
          for (const g of groups) {
            const shared = Math.min(...g.flatMap((x) => counts.get(x) ?? []));
            for (const x of g) if (counts.has(x) && counts.get(x) !== shared) { counts.set(x, shared); changed = true; }
          }
        }
        // A repartition({ numberOfPartitions }) the counts contradict: the runtime refuses to start
        // (CopartitionError), and the analyzer must give no task count either.
        let runtimeTasks: number | undefined;
        try {
          runtimeTasks = resolvePlan('parity', plans, counts, groups).subTopologies.reduce((sum, sub) => sum + sub.partitions, 0);
        } catch (e) {
          if (!(e instanceof Error) || e.name !== 'CopartitionError') throw e;
        }
        const facts: DeploymentFacts = { topics: Object.fromEntries([...counts].map(([topic, partitions]) => [topic, { partitions }])), apps: {}, live: {} };
        const analyzerTasks = builtT === undefined ? undefined : taskCount(builtT, facts, matching?.choice)?.total;
        if (analyzerTasks !== undefined || (runtimeTasks ?? 0) > 0) {
          tasksCompared += 1;
          if (analyzerTasks !== runtimeTasks) mismatches.push(`${where}: ${analyzerTasks ?? 'unknown'} task(s) by the analyzer, ${runtimeTasks} by the runtime`);
        }
      }
    }
  }
  for (const s of skipped) ctx.diagnostic(`not built by the runtime: ${s}`);
  assert.ok(skipped.length <= 12, `too many topologies the runtime could not build:\n${skipped.join('\n')}`);
  assert.equal(mismatches.join('\n'), '');
  assert.ok(compared >= 30, `compared ${compared} topologies`);
  assert.ok(tasksCompared >= 30, `compared the task counts of ${tasksCompared} topologies`);
});

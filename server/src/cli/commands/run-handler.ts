// The work of `streamwise run` (its name, usage and flags: ./run.ts), loaded only when it runs:
// it needs the runtime, which `streamwise check` must not pay for.
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { consoleLogger, createKafkaClient, KafkaStreams, silentLogger } from 'streamwise';
import type { StreamsEvent } from 'streamwise/model';
import { DEFAULT_PARTITIONS, startDevCluster, type DevCluster } from 'streamwise/devcluster';
import { MissingFileError, UsageError, type CliIo } from '../command';
import { BrokersUnreachableError, checkBrokers, parseBrokers } from '../run/brokers';
import { parseInputOption, type InputFile } from '../run/input-files';
import { metricsLine, totals } from '../run/metrics-line';
import { loadTopologyModule, runnableOf, TopologyModuleError } from '../run/topology-module';
import { startPrinting } from '../run/print-topics';
import { topicsToCreate, topologyTopics } from '../run/topology-topics';
import { runConfigFor } from '../run/workspace-config';
import { intOption } from '../int-option';
import { parseFlags } from '../parse-flags';
import { watchParent } from '../parent-watch';
import { runFlags } from './run';

/** NDJSON side channel: --metrics-out FILE, or the fd in STREAMWISE_METRICS_FD. */
function metricsChannel(path: string | undefined, cwd: string): { write(line: string): void; close(): void } | undefined {
  const fdText = process.env.STREAMWISE_METRICS_FD;
  if (path === undefined && (fdText === undefined || fdText === '')) return undefined;
  let fd: number;
  let owned = false;
  if (path !== undefined) {
    try {
      fd = openSync(resolve(cwd, path), 'a');
    } catch (error) {
      throw new MissingFileError(`--metrics-out ${path}: cannot open: ${error instanceof Error && 'code' in error ? String(error.code) : String(error)}`);
    }
    owned = true;
  } else {
    if (!/^\d+$/.test(fdText ?? '')) throw new UsageError(`STREAMWISE_METRICS_FD must be a file descriptor number, got '${fdText}'`);
    fd = Number(fdText);
  }
  let broken = false;
  return {
    // A reader that went away (the extension host died) ends the channel, not the run: the run closes cleanly.
    write: (line) => {
      if (broken) return;
      try {
        writeSync(fd, line);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EPIPE')) throw error;
        broken = true;
      }
    },
    close: () => { if (owned) closeSync(fd); },
  };
}

async function produceInputs(brokers: string[], inputs: readonly InputFile[], io: CliIo): Promise<void> {
  if (inputs.length === 0) return;
  const producer = createKafkaClient({ brokers, clientId: 'streamwise-run-input', logger: silentLogger }).producer({ idempotent: false });
  await producer.connect();
  try {
    for (const input of inputs) {
      for (let i = 0; i < input.records.length; i += 2000) await producer.send(input.records.slice(i, i + 2000));
      io.out(`input: ${input.records.length} record(s) from ${relative(io.cwd, input.file) || input.file} -> ${input.topic}`);
    }
  } finally {
    await producer.disconnect();
  }
}

/** `streamwise run`: loaded by ./run.ts only when the command runs. */
export async function runRun(args: readonly string[], io: CliIo): Promise<number> {
  // Started by the extension: closes like on SIGTERM once the extension host is gone (before the user's code loads: it must not see the fd).
  let parentLeft = false;
  const parentGone = new Promise<string>((resolveGone) => watchParent(resolveGone)).then((why) => {
    parentLeft = true;
    return why;
  });
  const { values, positionals } = parseFlags(args, runFlags);
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing FILE (a .ts module exporting a KafkaStreams or a Topology)');
  if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')}`);
  const instancesFlag = values.instances === undefined ? undefined : intOption('instances', values.instances, 1, 1, 64);
  const defaultInstances = intOption('default-instances', values['default-instances'], 1, 1, 64);
  const partitions = intOption('partitions', values.partitions, DEFAULT_PARTITIONS, 1, 10_000);
  const printTopics = values.print ?? [];
  if (printTopics.some((t) => t === '')) throw new UsageError('--print needs a topic name');
  const intervalMs = intOption('metrics-interval', values['metrics-interval'], 3000, 100, 3_600_000);
  const brokersOption = values.brokers === undefined ? undefined : parseBrokers(values.brokers);
  const deployment = runConfigFor(resolve(io.cwd, file), io.cwd);
  // --input wins; without it, the config's `inputs` (paths relative to the config file) feed the run.
  const inputSpecs = values.input ?? Object.entries(deployment.config.inputs).map(([topic, path]) => `${topic}=${resolve(deployment.dir ?? io.cwd, path)}`);
  const inputs = inputSpecs.map((spec) => parseInputOption(spec, io.cwd));
  const channel = metricsChannel(values['metrics-out'], io.cwd);
  const consoleLog = consoleLogger(values.verbose === true ? 'info' : 'warn');
  // Without --verbose a failure is printed once, from the app's 'error' event; the log adds warnings.
  const logger = values.verbose === true ? consoleLog : { ...consoleLog, error: () => undefined };

  let runnable;
  try {
    runnable = await runnableOf(await loadTopologyModule(file, io.cwd), file, io.cwd);
  } catch (error) {
    if (!(error instanceof TopologyModuleError)) throw error;
    io.err(`streamwise run: ${error.message}`);
    channel?.close();
    return 1;
  }
  let cluster: DevCluster | undefined;
  let printer: { stop(): Promise<void> } | undefined;
  const apps: KafkaStreams[] = [];
  try {
    let brokers = brokersOption ?? (runnable.kind === 'app' ? runnable.app.config.bootstrapServers : undefined);
    if (brokers === undefined) {
      cluster = await startDevCluster({ port: 0, defaultPartitions: partitions, logger });
      brokers = cluster.bootstrapServers;
      io.out(`embedded dev cluster on ${brokers.join(',')}`);
    }
    await checkBrokers(brokers);
    const topology = runnable.kind === 'app' ? runnable.app.topology : runnable.topology;
    if (cluster !== undefined || values['create-topics'] === true) {
      // The embedded cluster starts empty: create what the topology reads and writes (and --print), as configured.
      const { sources, sinks } = topologyTopics(topology);
      const wanted = topicsToCreate([...sources, ...sinks, ...printTopics], deployment.config.topics, partitions);
      const admin = createKafkaClient({ brokers, clientId: 'streamwise-run-topics', logger: silentLogger }).admin();
      await admin.connect();
      try {
        await admin.createTopics(wanted);
      } finally {
        await admin.disconnect();
      }
      io.out(`topics: ${wanted.map((t) => `${t.topic} (${t.partitions})`).join(', ')}`);
    }
    await produceInputs(brokers, inputs, io);
    if (printTopics.length > 0) {
      printer = startPrinting(createKafkaClient({ brokers, clientId: 'streamwise-run-print', logger: silentLogger }), printTopics, (line) => io.out(line), (message) => io.err(`streamwise run: ${message}`), (message) => io.out(message));
    }
    const applicationId = values['application-id'] ?? (runnable.kind === 'app' ? runnable.app.config.applicationId : `streamwise-run-${basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, '-')}`);
    // Precedence: --instances, then streamwise.config.json's apps[applicationId].instances, then --default-instances (1).
    const configured = deployment.config.apps[applicationId]?.instances;
    const instances = instancesFlag ?? configured ?? defaultInstances;
    io.out(`instances: ${instances} (${instancesFlag !== undefined ? '--instances' : configured !== undefined ? `streamwise.config.json apps.${applicationId}.instances` : values['default-instances'] !== undefined ? '--default-instances' : 'default'})`);
    for (let i = 1; i <= instances; i++) {
      const overrides = {
        bootstrapServers: brokers, applicationId, instanceId: instances === 1 ? applicationId : `${applicationId}-${i}`, logger, metricsIntervalMs: intervalMs,
        ...(channel === undefined ? {} : { metricsSink: channel.write }),
      };
      apps.push(runnable.kind === 'app' ? runnable.app.derive(overrides) : new KafkaStreams(runnable.topology, overrides));
    }
    for (const app of apps) {
      const name = app.config.instanceId;
      app.events.on('event', (e: StreamsEvent) => {
        if (e.type === 'state') io.out(`[${name}] ${e.previous} -> ${e.state}`);
        else if (e.type === 'assignment') io.out(`[${name}] ${e.thread}: tasks [${e.tasks.join(', ')}]`);
        else if (e.type === 'error') io.err(`[${name}] error: ${e.message}`);
      });
    }
    const done = new Promise<string>((resolveDone) => {
      const onSignal = (signal: string) => () => resolveDone(signal);
      process.once('SIGINT', onSignal('SIGINT'));
      process.once('SIGTERM', onSignal('SIGTERM'));
      void parentGone.then(resolveDone);
      for (const app of apps) app.onStateChange(() => {
        if (apps.every((a) => a.state === 'ERROR' || a.state === 'NOT_RUNNING')) resolveDone('stopped');
      });
    });
    await Promise.all(apps.map((a) => a.start()));
    let before = totals(apps.map((a) => a.metrics()));
    let last = Date.now();
    const timer = setInterval(() => {
      const now = totals(apps.map((a) => a.metrics()));
      io.out(metricsLine(now, before, (Date.now() - last) / 1000, apps.map((a) => a.state)));
      before = now;
      last = Date.now();
    }, intervalMs);
    const reason = await done;
    clearInterval(timer);
    if (reason !== 'stopped') io.out(`${reason}: closing (finishing in-flight records, committing, leaving the group)`);
    await Promise.all(apps.map((a) => a.close({ timeoutMs: 30000 })));
    io.out(metricsLine(totals(apps.map((a) => a.metrics())), before, (Date.now() - last) / 1000, apps.map((a) => a.state)));
    return apps.some((a) => a.state === 'ERROR') ? 1 : 0;
  } catch (error) {
    await Promise.all(apps.map((a) => a.close({ timeoutMs: 10000 }).catch(() => false)));
    if (error instanceof BrokersUnreachableError || error instanceof Error) {
      io.err(`streamwise run: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await printer?.stop();
    await cluster?.close();
    channel?.close();
    if (parentLeft) endOwnGroup();
  }
}

/**
 * What the user's code started (same process group; nobody else will stop it now that the
 * extension host is gone) gets SIGTERM, as Stop Run would send it. Only as the group's leader.
 */
function endOwnGroup(): void {
  try {
    process.kill(-process.pid, 0);
  } catch {
    return; // not a group leader: not started by the extension
  }
  // This process is in the group too; it is finishing anyway.
  process.on('SIGTERM', () => undefined);
  try {
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // nothing left
  }
}

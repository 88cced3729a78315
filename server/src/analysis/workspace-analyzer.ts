// The analyzer's API (interface 2 in team-interfaces.md): a workspace folder in, findings,
// topologies and apps out. Never throws on bad user code: errors are logged and yield nothing.
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { type CallExpression, type NewExpression, type Node, type SourceFile } from 'ts-morph';
import type { AppModel, DeploymentConfig, TopologyNodeModel } from 'streamwise/model';
import type { Logger } from 'streamwise';
import { allRules } from '../rules';
import { findingOf, type RuleContext, type RuleModule } from '../rules/rule';
import { loadDeploymentConfig } from './config';
import { affectedBy, newDeps, recording, type Deps } from './deps';
import { appStates, resolveAppConfig, toAppModel, type AppState } from './extract/apps';
import { extractFrom } from './extract/flow';
import { buildModel, type BuiltTopology, type ExtractedTopology } from './extract/model';
import type { BuilderState } from './extract/types';
import { contains } from './locations';
import { createWorkspaceProject, isCandidateText, type WorkspaceProject } from './project';
import { syntaxErrors } from './syntax-errors';
import type { ObjectProperties } from './values';
import type { AnalysisStats, DeploymentFacts, FileError, Finding, LiveTopics } from './types';

export type { AnalysisStats, DeploymentFacts, FileError, Finding, QuickFix, Range1, RuleId, Severity, TextEdit1 } from './types';
export type { ExtractedTopology } from './extract/model';

export interface AnalysisResult {
  findings: Finding[];
  topologies: ExtractedTopology[];
  apps: AppModel[];
  configErrors: string[];
  /** Source files that do not parse (the rest of the workspace is still analysed). */
  fileErrors: FileError[];
}

const noop = (): void => {};
const silent: Logger = { debug: noop, info: noop, warn: noop, error: noop };

interface Located<T> { node: T; file: string }
interface TopologyEntry { b: BuilderState; built: BuiltTopology; findings: Finding[]; /** the builder's file */ file: string }

/** An app's resolved config, kept between analyses while nothing it was resolved from changes. */
interface AppConfigEntry { config: ObjectProperties | undefined; deps: Deps }

interface Snapshot {
  result: AnalysisResult;
  built: BuiltTopology[];
}

export class WorkspaceAnalyzer {
  readonly root: string;
  private readonly logger: Logger;
  private readonly overlays = new Map<string, string>();
  private liveTopics: LiveTopics;
  private readonly fastPaths: boolean;
  private workspace: WorkspaceProject | undefined;
  private config = loadDeploymentConfig('/nonexistent');
  private snapshot: Snapshot | undefined;
  /** Per-topology results kept between analyses; `dirty` holds files edited since (path -> text). */
  private cache: { entries: TopologyEntry[]; apps: Located<NewExpression>[]; consumers: Located<CallExpression>[]; storeLookups: Located<CallExpression>[]; producerSends: Located<CallExpression>[]; configs: Map<NewExpression, AppConfigEntry> } | undefined;
  private dirty = new Map<string, string | undefined>();
  /** Deployment facts in effect, computed once per config/live-topics change (rules memoise on it). */
  private currentFacts: DeploymentFacts | undefined;
  private stats: AnalysisStats = { full: true, filesScanned: 0, topologiesExtracted: 0, topologiesReused: 0, appConfigsResolved: 0, appConfigsReused: 0 };

  /** `fastPaths: false` turns every speed-up that could change results off (tests compare both). */
  constructor(root: string, options: { logger?: Logger; liveTopics?: LiveTopics; fastPaths?: boolean } = {}) {
    this.root = resolve(root);
    this.fastPaths = options.fastPaths !== false;
    this.logger = options.logger ?? silent;
    this.liveTopics = copyLive(options.liveTopics ?? {});
    this.reloadConfig();
  }

  /** Overlay an editor buffer (unsaved text) or drop the overlay with text undefined. */
  setFileText(file: string, text: string | undefined): void {
    const path = resolve(file);
    if (text === undefined) this.overlays.delete(path);
    else this.overlays.set(path, text);
    this.snapshot = undefined;
    const ws = this.workspace;
    if (ws === undefined) return;
    try {
      let content = text;
      if (content === undefined) {
        try {
          content = readFileSync(path, 'utf8');
        } catch {
          const existing = ws.project.getSourceFile(path);
          if (existing !== undefined) ws.project.removeSourceFile(existing);
          this.dirty.set(path, undefined);
          return;
        }
      }
      const existing = ws.project.getSourceFile(path);
      this.dirty.set(path, content);
      // A plain re-parse: replaceWithText would also map every old node to its new one (twice the
      // work), and nothing of the edited file is reused (its topologies are extracted again).
      if (existing !== undefined) ws.project.createSourceFile(path, content, { overwrite: true });
      else if (isCandidateText(content) && /\.(?:ts|tsx|mts|cts)$/.test(path)) {
        ws.project.createSourceFile(path, content, { overwrite: true });
      }
      if (isCandidateText(content) && !ws.candidateFiles.includes(path)) ws.candidateFiles.push(path);
    } catch (error) {
      this.logger.error('streamwise: cannot update file', { file: path, error: String(error) });
      this.workspace = undefined;
    }
  }

  /** Re-read streamwise.config.json (after a watched-file change). */
  reloadConfig(): void {
    this.config = loadDeploymentConfig(this.root);
    this.currentFacts = undefined;
    this.snapshot = undefined;
  }

  /** Replaces every earlier live fact; a field a topic lacks is not known (the config's value stands). */
  setLiveTopics(topics: LiveTopics): void {
    this.liveTopics = copyLive(topics);
    this.currentFacts = undefined;
    this.snapshot = undefined;
  }

  /** What the last completed analysis re-did and reused. */
  get lastStats(): AnalysisStats {
    return { ...this.stats };
  }

  /** Full analysis; `isCancelled` is polled between files/rules. Never throws on bad user code. */
  analyze(isCancelled: () => boolean = () => false): AnalysisResult {
    if (this.snapshot !== undefined) return this.snapshot.result;
    const empty: AnalysisResult = { findings: [], topologies: [], apps: [], configErrors: [...this.config.errors], fileErrors: [] };
    try {
      const snapshot = this.run(isCancelled);
      if (snapshot === undefined) return empty;
      if (!isCancelled()) this.snapshot = snapshot;
      return snapshot.result;
    } catch (error) {
      this.logger.error('streamwise: analysis failed', { root: this.root, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      this.workspace = undefined;
      return empty;
    }
  }

  /** Findings for one file, reusing cached work (for fast re-analysis after an edit). */
  analyzeFile(file: string, isCancelled: () => boolean = () => false): Finding[] {
    const path = resolve(file);
    return this.analyze(isCancelled).findings.filter((f) => f.file === path);
  }

  /** The topology node (model + position) at a 1-based position, for hover. */
  nodeAt(file: string, line: number, column: number): { node: TopologyNodeModel; subTopology: number; index: number; topology: ExtractedTopology } | undefined {
    const path = resolve(file);
    this.analyze();
    try {
      return this.findNode(path, line, column);
    } catch (error) {
      this.logger.error('streamwise: nodeAt failed', { file: path, error: String(error) });
      return undefined;
    }
  }

  private findNode(path: string, line: number, column: number): ReturnType<WorkspaceAnalyzer['nodeAt']> {
    let best: { node: TopologyNodeModel; subTopology: number; index: number; topology: ExtractedTopology; size: number } | undefined;
    for (const built of this.snapshot?.built ?? []) {
      for (const entry of built.nodes.values()) {
        const loc = entry.model.location;
        if (loc === undefined || loc.file !== path || !contains(loc, line, column)) continue;
        const size = (loc.endLine - loc.line) * 10000 + (loc.endColumn - loc.column);
        if (best === undefined || size < best.size) best = { node: entry.model, subTopology: entry.subTopology, index: entry.index, topology: built.extracted, size };
      }
    }
    if (best === undefined) return undefined;
    const { size: _size, ...rest } = best;
    return rest;
  }

  /** The topologies of the last analysis with their sub-topology facts (task counts, hover). */
  builtTopologies(): readonly BuiltTopology[] {
    this.analyze();
    return this.snapshot?.built ?? [];
  }

  /** TypeScript's own errors for a file (syntax and types), e.g. to check that a quick fix compiles. */
  compileErrors(file: string): string[] {
    this.analyze();
    const sf = this.workspace?.project.getSourceFile(resolve(file));
    if (sf === undefined) return [];
    try {
      return sf.getPreEmitDiagnostics().map((d) => {
        const text = d.getMessageText();
        return `${d.getLineNumber() ?? 0}: ${typeof text === 'string' ? text : text.getMessageText()}`;
      });
    } catch (error) {
      this.logger.error('streamwise: compileErrors failed', { file, error: String(error) });
      return [];
    }
  }

  /** The validated streamwise.config.json (topics, apps, inputs, rules); empty when absent. */
  get deploymentConfig(): DeploymentConfig {
    return this.config.config;
  }

  /** Deployment facts in effect: the config file, with live facts winning field by field. */
  facts(): DeploymentFacts {
    const topics: DeploymentFacts['topics'] = {};
    for (const [name, t] of Object.entries(this.config.facts.topics)) topics[name] = { ...t };
    const live: DeploymentFacts['topics'] = {};
    for (const [name, facts] of Object.entries(this.liveTopics)) {
      topics[name] = { ...(topics[name] ?? {}), ...facts };
      live[name] = { ...facts };
    }
    return { topics, apps: this.config.facts.apps, live };
  }

  private run(isCancelled: () => boolean): Snapshot | undefined {
    if (this.workspace === undefined) {
      this.workspace = createWorkspaceProject(this.root, this.overlays, this.logger, { fastPaths: this.fastPaths });
      this.cache = undefined;
    }
    const ws = this.workspace;
    const dirty = this.dirty;
    this.dirty = new Map();
    const restoreDirty = (): void => {
      for (const [file, text] of dirty) if (!this.dirty.has(file)) this.dirty.set(file, text);
    };
    ws.prepareProgram();
    const fileErrors = syntaxErrors(ws.project);
    const candidate = (f: string): SourceFile | undefined => ws.project.getSourceFile(f);
    let scan: string[];
    const kept: TopologyEntry[] = [];
    const redo: NewExpression[] = [];
    const full = this.cache === undefined;
    const keptConfigs = new Map<NewExpression, AppConfigEntry>();
    let keptApps: Located<NewExpression>[] = [];
    let keptConsumers: Located<CallExpression>[] = [];
    let keptLookups: Located<CallExpression>[] = [];
    let keptSends: Located<CallExpression>[] = [];
    if (this.cache === undefined) scan = ws.candidateFiles;
    else {
      // Incremental: keep topologies that depend on no edited file; redo the others.
      for (const entry of this.cache.entries) {
        if (dirty.has(entry.file)) continue; // its file is scanned again
        if ([...dirty].some(([file, text]) => affectedBy(entry.b.deps, file, text))) redo.push(entry.b.newExpr);
        else kept.push(entry);
      }
      keptApps = this.cache.apps.filter((a) => !dirty.has(a.file));
      for (const app of keptApps) {
        const entry = this.cache.configs.get(app.node);
        if (entry !== undefined && ![...dirty].some(([file, text]) => affectedBy(entry.deps, file, text))) keptConfigs.set(app.node, entry);
      }
      keptConsumers = this.cache.consumers.filter((c) => !dirty.has(c.file));
      keptLookups = this.cache.storeLookups.filter((c) => !dirty.has(c.file));
      keptSends = this.cache.producerSends.filter((c) => !dirty.has(c.file));
      scan = [...dirty.keys()].filter((f) => ws.candidateFiles.includes(f));
    }
    const extraction = extractFrom(scan.map(candidate).filter((sf): sf is SourceFile => sf !== undefined), isCancelled, redo);
    if (isCancelled()) {
      restoreDirty();
      return undefined;
    }
    const located = <T extends Node>(node: T): Located<T> => ({ node, file: node.getSourceFile().getFilePath() });
    const appExprs = [...keptApps, ...extraction.apps.map(located)];
    const consumers = [...keptConsumers, ...extraction.consumers.map(located)];
    const storeLookups = [...keptLookups, ...extraction.storeLookups.map(located)];
    const producerSends = [...keptSends, ...extraction.producerSends.map(located)];
    const builders = [...kept.map((e) => e.b), ...extraction.builders];
    const topologies = new Map<BuilderState, BuiltTopology>();
    for (const e of kept) topologies.set(e.b, e.built);
    for (const b of extraction.builders) topologies.set(b, buildModel(b));
    const configs = new Map<NewExpression, AppConfigEntry>();
    const configOf = (newExpr: NewExpression): ObjectProperties | undefined => {
      let entry = keptConfigs.get(newExpr);
      if (entry === undefined) {
        const deps = newDeps();
        entry = { config: recording(deps, () => resolveAppConfig(newExpr)), deps };
      }
      configs.set(newExpr, entry);
      return entry.config;
    };
    const apps: AppState[] = appStates(appExprs.map((a) => a.node), builders, configOf);
    this.currentFacts ??= this.facts();
    const context: RuleContext = {
      root: this.root, project: ws.project, builders, topologies, apps, consumers: consumers.map((c) => c.node), storeLookups: storeLookups.map((c) => c.node), producerSends: producerSends.map((c) => c.node), facts: this.currentFacts, logger: this.logger, isCancelled,
    };
    const topologyRules = (b: BuilderState): Finding[] =>
      recording(b.deps, () => this.runRules(allRules.filter((r) => r.meta.scope === 'topology'), { ...context, builders: [b] }));
    // A kept topology whose app config was resolved again re-runs its rules (not its extraction):
    // findings such as uncaught-processor-throw depend on the app's exception handler.
    const reconfigured = new Set(apps.filter((a) => !keptConfigs.has(a.newExpr)).map((a) => a.builder));
    const entries: TopologyEntry[] = kept.map((e) => (reconfigured.has(e.b) ? { ...e, findings: topologyRules(e.b) } : e));
    for (const b of extraction.builders) {
      const built = topologies.get(b);
      if (built === undefined) continue;
      entries.push({ b, built, findings: topologyRules(b), file: b.newExpr.getSourceFile().getFilePath() });
    }
    const findings = [...entries.flatMap((e) => e.findings), ...this.runRules(allRules.filter((r) => r.meta.scope !== 'topology'), context)];
    if (isCancelled()) {
      restoreDirty();
      return undefined;
    }
    this.cache = { entries, apps: appExprs, consumers, storeLookups, producerSends, configs };
    this.stats = {
      full, filesScanned: scan.length, topologiesExtracted: extraction.builders.length, topologiesReused: kept.length,
      appConfigsResolved: apps.length - keptConfigs.size, appConfigsReused: keptConfigs.size,
    };
    this.logger.debug('streamwise: analysis done', { root: this.root, ...this.stats });
    findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column || a.rule.localeCompare(b.rule));
    const built = entries.map((e) => e.built);
    const appModels = apps.map((app) => {
      const model = toAppModel(app);
      const topology = app.builder === undefined ? undefined : topologies.get(app.builder)?.extracted.model;
      return topology === undefined ? model : { ...model, topology };
    });
    return {
      built,
      result: { findings, topologies: built.map((t) => t.extracted), apps: appModels, configErrors: [...ws.tsconfigErrors, ...this.config.errors], fileErrors },
    };
  }

  private runRules(rules: readonly RuleModule[], context: RuleContext): Finding[] {
    const findings: Finding[] = [];
    for (const rule of rules) {
      if (context.isCancelled()) break;
      try {
        rule.check(context, (report) => findings.push(findingOf(rule.meta, report)));
      } catch (error) {
        this.logger.error(`streamwise: rule ${rule.meta.id} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    return findings;
  }
}

function copyLive(topics: LiveTopics): LiveTopics {
  const out: LiveTopics = {};
  for (const [name, facts] of Object.entries(topics)) out[name] = { ...facts };
  return out;
}

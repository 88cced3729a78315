// The analyzer's API (interface 2 in team-interfaces.md): a workspace folder in, findings,
// topologies and apps out. Never throws on bad user code: errors are logged and yield nothing.
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { SourceFile } from 'ts-morph';
import type { AppModel, TopologyNodeModel } from 'streamwise/model';
import type { Logger } from 'streamwise';
import { allRules } from '../rules';
import { findingOf, type RuleContext } from '../rules/rule';
import { loadDeploymentConfig } from './config';
import { appStates, toAppModel, type AppState } from './extract/apps';
import { extractFrom } from './extract/flow';
import { buildModel, type BuiltTopology, type ExtractedTopology } from './extract/model';
import type { BuilderState } from './extract/types';
import { contains } from './locations';
import { createWorkspaceProject, isCandidateText, programWorkspaceFiles, type WorkspaceProject } from './project';
import type { DeploymentFacts, FileError, Finding } from './types';

export type { DeploymentFacts, FileError, Finding, QuickFix, Range1, RuleId, Severity, TextEdit1 } from './types';
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

interface Snapshot {
  result: AnalysisResult;
  built: BuiltTopology[];
}

export class WorkspaceAnalyzer {
  readonly root: string;
  private readonly logger: Logger;
  private readonly overlays = new Map<string, string>();
  private liveTopics: Record<string, number>;
  private workspace: WorkspaceProject | undefined;
  private config = loadDeploymentConfig('/nonexistent');
  private snapshot: Snapshot | undefined;

  constructor(root: string, options: { logger?: Logger; liveTopics?: Record<string, number> } = {}) {
    this.root = resolve(root);
    this.logger = options.logger ?? silent;
    this.liveTopics = { ...(options.liveTopics ?? {}) };
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
          return;
        }
      }
      const existing = ws.project.getSourceFile(path);
      if (existing !== undefined) existing.replaceWithText(content);
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
    this.snapshot = undefined;
  }

  setLiveTopics(partitions: Record<string, number>): void {
    this.liveTopics = { ...partitions };
    this.snapshot = undefined;
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

  /** TypeScript's own errors for a file (syntax and types), e.g. to check that a quick fix compiles. */
  compileErrors(file: string): string[] {
    this.analyze();
    const sf = this.workspace?.project.getSourceFile(resolve(file));
    if (sf === undefined) return [];
    return sf.getPreEmitDiagnostics().map((d) => {
      const text = d.getMessageText();
      return `${d.getLineNumber() ?? 0}: ${typeof text === 'string' ? text : text.getMessageText()}`;
    });
  }

  /** Deployment facts in effect: the config file, with live partition counts winning. */
  facts(): DeploymentFacts {
    const topics: DeploymentFacts['topics'] = {};
    for (const [name, t] of Object.entries(this.config.facts.topics)) topics[name] = { ...t };
    for (const [name, partitions] of Object.entries(this.liveTopics)) topics[name] = { ...(topics[name] ?? {}), partitions };
    return { topics, apps: this.config.facts.apps };
  }

  private run(isCancelled: () => boolean): Snapshot | undefined {
    if (this.workspace === undefined) this.workspace = createWorkspaceProject(this.root, this.overlays, this.logger);
    const ws = this.workspace;
    const fileErrors = this.syntaxErrors(ws);
    const sourceFiles = ws.candidateFiles.map((f) => ws.project.getSourceFile(f)).filter((sf): sf is SourceFile => sf !== undefined);
    const extraction = extractFrom(sourceFiles, isCancelled);
    if (isCancelled()) return undefined;
    const topologies = new Map<BuilderState, BuiltTopology>();
    for (const b of extraction.builders) topologies.set(b, buildModel(b));
    const apps: AppState[] = appStates(extraction.apps, extraction.builders);
    const context: RuleContext = {
      root: this.root, project: ws.project, builders: extraction.builders, topologies, apps, consumers: extraction.consumers, facts: this.facts(), logger: this.logger, isCancelled,
    };
    const findings: Finding[] = [];
    for (const rule of allRules) {
      if (isCancelled()) return undefined;
      try {
        rule.check(context, (report) => findings.push(findingOf(rule.meta, report)));
      } catch (error) {
        this.logger.error(`streamwise: rule ${rule.meta.id} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column || a.rule.localeCompare(b.rule));
    const built = [...topologies.values()];
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

  private syntaxErrors(ws: WorkspaceProject): FileError[] {
    const out: FileError[] = [];
    const program = ws.project.getProgram().compilerObject;
    for (const sf of programWorkspaceFiles(ws.project)) {
      for (const d of program.getSyntacticDiagnostics(sf.compilerNode)) {
        const pos = sf.getLineAndColumnAtPos(d.start ?? 0);
        const message = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
        out.push({ file: sf.getFilePath(), line: pos.line, column: pos.column, message });
      }
    }
    return out;
  }
}

// One workspace folder: its analyzer (living in the analysis worker) and the last whole-folder
// analysis, recomputed lazily after something changed (an edit, a config reload, live topics).
import type { LiveTopics } from '../analysis/types';
import type { TopologyNodeModel } from 'streamwise/model';
import type { AnalysisResult, ExtractedTopology, Finding } from '../analysis/workspace-analyzer';
import { loadDeploymentConfig } from '../analysis/config';
import { applyRuleLevels, type RuleLevels } from '../analysis/rule-severity';
import type { AnalysisHost } from './analysis-host';

/** The rule levels in effect for a folder: its config file's `rules` under the editor's `streamwise.rules`. */
export type RuleLevelsSource = (context: FolderContext) => Promise<RuleLevels>;

export interface NodeAt {
  node: TopologyNodeModel;
  subTopology: number;
  index: number;
  topology: ExtractedTopology;
}

export class FolderContext {
  private result: AnalysisResult | undefined;
  private resultGeneration = -1;
  private inFlight: { generation: number; promise: Promise<AnalysisResult | undefined> } | undefined;
  private readonly slot: number;
  private configLevels: RuleLevels | undefined;

  constructor(
    readonly root: string,
    readonly uri: string,
    private readonly host: AnalysisHost,
    liveTopics: LiveTopics,
    private readonly levels: RuleLevelsSource = async () => ({}),
  ) {
    this.slot = host.allocateSlot();
    host.openFolder(root, liveTopics);
    this.markDirty();
  }

  /** Current generation: bumped on every change; work started at an older one is stale. */
  get generation(): number {
    return this.host.generation(this.slot);
  }

  get isDirty(): boolean {
    return this.resultGeneration !== this.generation;
  }

  /** The last complete analysis, even if stale (for answers that prefer fast over fresh). */
  get lastResult(): AnalysisResult | undefined {
    return this.result;
  }

  markDirty(): void {
    this.host.bump(this.slot);
  }

  setFileText(file: string, text: string | undefined): void {
    this.host.post({ kind: 'setFileText', root: this.root, file, text });
    this.markDirty();
  }

  /** The config file's validated `rules` map, read once per reload (its errors are the analyzer's to report). */
  configRuleLevels(): RuleLevels {
    this.configLevels ??= loadDeploymentConfig(this.root).config.rules;
    return this.configLevels;
  }

  reloadConfig(): void {
    this.configLevels = undefined;
    this.host.post({ kind: 'reloadConfig', root: this.root });
    this.markDirty();
  }

  setLiveTopics(topics: LiveTopics): void {
    this.host.setLiveTopics(this.root, topics);
    this.markDirty();
  }

  close(): void {
    this.markDirty();
    this.host.closeFolder(this.root);
  }

  /** Findings located in `file`; undefined when a change made them stale before they were done. */
  async fileFindings(file: string): Promise<Finding[] | undefined> {
    const generation = this.generation;
    const findings = await this.host.query<Finding[]>({ kind: 'analyzeFile', root: this.root, file, slot: this.slot, generation });
    if (findings === undefined || generation !== this.generation) return undefined;
    // The rules map applies here, once, for every consumer (pull, push, code actions, badges).
    const levels = await this.levels(this);
    return generation !== this.generation ? undefined : applyRuleLevels(findings, levels);
  }

  /** The whole-folder analysis at the current generation; undefined when overtaken by a change. */
  fullResult(): Promise<AnalysisResult | undefined> {
    const generation = this.generation;
    if (this.result !== undefined && this.resultGeneration === generation) return Promise.resolve(this.result);
    if (this.inFlight?.generation === generation) return this.inFlight.promise;
    const promise = this.host.query<AnalysisResult>({ kind: 'analyze', root: this.root, slot: this.slot, generation }).then(async (raw) => {
      const levels = raw === undefined ? {} : await this.levels(this);
      if (this.inFlight?.promise === promise) this.inFlight = undefined;
      if (raw === undefined || generation !== this.generation) return undefined;
      const result: AnalysisResult = { ...raw, findings: applyRuleLevels(raw.findings, levels) };
      this.result = result;
      this.resultGeneration = generation;
      return result;
    });
    this.inFlight = { generation, promise };
    return promise;
  }

  /**
   * For requests that want an answer rather than a cancellation: the analysis of the latest
   * generation, retried when a change overtakes it, else the last complete one.
   */
  async latestResult(maxTries = 5): Promise<AnalysisResult | undefined> {
    for (let i = 0; i < maxTries; i++) {
      const result = await this.fullResult();
      if (result !== undefined) return result;
    }
    return this.result;
  }

  nodeAt(file: string, line: number, column: number): Promise<NodeAt | undefined> {
    return this.host.query<NodeAt>({ kind: 'nodeAt', root: this.root, file, line, column });
  }
}

// One workspace folder: its WorkspaceAnalyzer and the last whole-folder analysis, recomputed
// lazily after something changed (an edit, a config reload, live topics).
import type { AnalysisResult, Finding, WorkspaceAnalyzer } from '../analysis/workspace-analyzer';

export class FolderContext {
  private result: AnalysisResult | undefined;
  private dirty = true;
  /** Bumped on every change: a whole-folder analysis started before a change is stale. */
  private generation = 0;

  constructor(
    readonly root: string,
    readonly uri: string,
    readonly analyzer: WorkspaceAnalyzer,
  ) {}

  get isDirty(): boolean {
    return this.dirty;
  }

  /** The last complete analysis, even if stale (for answers that prefer fast over fresh). */
  get lastResult(): AnalysisResult | undefined {
    return this.result;
  }

  markDirty(): void {
    this.dirty = true;
    this.generation++;
  }

  fileFindings(file: string, isCancelled: () => boolean): Finding[] {
    return this.analyzer.analyzeFile(file, isCancelled);
  }

  /**
   * The whole-folder analysis, recomputed when dirty. Returns undefined when cancelled: a
   * partial result is never cached or returned.
   */
  fullResult(isCancelled: () => boolean = () => false): AnalysisResult | undefined {
    if (!this.dirty && this.result !== undefined) return this.result;
    const generation = this.generation;
    const stale = (): boolean => isCancelled() || generation !== this.generation;
    const result = this.analyzer.analyze(stale);
    if (stale()) return undefined;
    this.result = result;
    this.dirty = false;
    return result;
  }
}

// Diagnostics: pull (textDocument/diagnostic) when the client supports it, push otherwise.
//
// An edit overlays the buffer and marks its folder dirty. The pull for the edited file answers
// from `analyzeFile` (fast, cached by the analyzer); a whole-folder analysis follows, debounced,
// and when its result differs the server asks the client to re-pull (or re-publishes) and tells
// the graph panel. Staleness: every computation remembers the document version it started from
// and is dropped (pull: ServerCancelled with retrigger) when the buffer moved on meanwhile.
import {
  CodeLensRefreshRequest,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
} from 'vscode-languageserver/node';
import type {
  CancellationToken,
  Connection,
  Diagnostic,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import type { Finding } from '../analysis/workspace-analyzer';
import { AnalysisStatusNotification, TopologyChangedNotification } from '../protocol';
import { toDiagnostic } from './convert';
import { sendNotification } from './custom-protocol';
import type { Documents, OpenDocument } from './documents';
import type { FolderContext } from './folder-context';
import { describeError } from './guard';

export interface DiagnosticsOptions {
  pull: boolean;
  refreshSupport: boolean;
  codeLensRefreshSupport: boolean;
  pullDelayMs: number;
  pushDelayMs: number;
  workspaceDelayMs: number;
}

interface Computed {
  version: number | undefined;
  findings: Finding[];
  resultId: string;
}

export class DiagnosticsScheduler {
  /** Last findings computed per open URI, with the version they belong to (code actions reuse them). */
  private readonly latest = new Map<string, Computed>();
  private readonly pushTimers = new Map<string, NodeJS.Timeout>();
  private readonly workspaceTimers = new Map<FolderContext, NodeJS.Timeout>();
  /** Per folder: a key of the last whole-folder result, to tell whether anything changed. */
  private readonly resultKeys = new Map<FolderContext, string>();
  /** Push mode: URIs of closed files that have published diagnostics from a folder analysis. */
  private readonly publishedClosed = new Map<FolderContext, Set<string>>();
  private readonly configErrorKeys = new Map<FolderContext, string>();
  private resultCounter = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: Documents,
    private readonly options: DiagnosticsOptions,
  ) {}

  get isPull(): boolean {
    return this.options.pull;
  }

  /** A buffer opened or changed (already overlaid on the analyzer). */
  changed(document: OpenDocument): void {
    this.latest.delete(document.uri);
    if (!this.options.pull) this.schedulePush(document.uri, this.options.pushDelayMs);
    this.scheduleWorkspace(document.context);
  }

  closed(document: OpenDocument): void {
    this.latest.delete(document.uri);
    const timer = this.pushTimers.get(document.uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pushTimers.delete(document.uri);
    if (!this.options.pull) {
      // Closed files show the folder analysis' findings (for the file on disk, once re-run).
      const findings = document.context.lastResult?.findings.filter((f) => f.file === document.file) ?? [];
      void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: findings.map(toDiagnostic) });
      if (findings.length > 0) {
        const published = this.publishedClosed.get(document.context) ?? new Set<string>();
        published.add(document.uri);
        this.publishedClosed.set(document.context, published);
      }
      // The result key no longer describes what the client shows: force a republish.
      this.resultKeys.delete(document.context);
    }
    this.scheduleWorkspace(document.context);
  }

  /** Something outside the buffers changed (config, live topics, files on disk, settings). */
  folderChanged(context: FolderContext): void {
    context.markDirty();
    for (const uri of [...this.latest.keys()]) {
      if (this.documents.resolve(uri)?.context === context) this.latest.delete(uri);
    }
    this.scheduleWorkspace(context, 0);
  }

  /** textDocument/diagnostic */
  async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const uri = params.textDocument.uri;
    const version = this.documents.version(uri);
    // Let queued notifications (a newer didChange, a $/cancelRequest) land before the work starts.
    await pause(this.options.pullDelayMs);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (this.documents.version(uri) !== version) throw staleError();
    const computed = await this.compute(uri, version);
    if (computed === undefined || token.isCancellationRequested) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      throw staleError();
    }
    if (params.previousResultId !== undefined && params.previousResultId === computed.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: computed.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: computed.resultId, items: computed.findings.map(toDiagnostic) };
  }

  /** Findings of an open document at its current version (for code actions and badges). */
  async currentFindings(uri: string): Promise<Finding[]> {
    const version = this.documents.version(uri);
    const cached = this.latest.get(uri);
    if (cached !== undefined && cached.version === version) return cached.findings;
    return (await this.compute(uri, version))?.findings ?? [];
  }

  dispose(): void {
    for (const timer of this.pushTimers.values()) clearTimeout(timer);
    for (const timer of this.workspaceTimers.values()) clearTimeout(timer);
  }

  /** Returns undefined when the computation went stale (the buffer or its folder changed). */
  private async compute(uri: string, version: number | undefined): Promise<Computed | undefined> {
    const target = this.documents.resolve(uri);
    if (target === undefined) return { version, findings: [], resultId: 'none' };
    const all = await target.context.fileFindings(target.file);
    if (all === undefined || this.documents.version(uri) !== version) return undefined;
    const findings = all.filter((f) => f.file === target.file);
    const key = JSON.stringify(findings.map((f) => [f.rule, f.severity, f.message, f.range]));
    const previous = this.latest.get(uri);
    const resultId = previous !== undefined && previous.resultId.endsWith(`:${hash(key)}`) ? previous.resultId : `${++this.resultCounter}:${hash(key)}`;
    const computed: Computed = { version, findings, resultId };
    if (version !== undefined) this.latest.set(uri, computed);
    return computed;
  }

  private schedulePush(uri: string, delayMs: number): void {
    const existing = this.pushTimers.get(uri);
    if (existing !== undefined) clearTimeout(existing);
    this.pushTimers.set(
      uri,
      setTimeout(() => {
        this.pushTimers.delete(uri);
        void this.publish(uri);
      }, delayMs),
    );
  }

  private async publish(uri: string): Promise<void> {
    try {
      const version = this.documents.version(uri);
      if (version === undefined) return;
      const computed = await this.compute(uri, version);
      if (computed === undefined) {
        // Overtaken: a newer edit has its own timer; a folder change (config, live topics) does
        // not, so try again for this version.
        if (this.documents.version(uri) === version) this.schedulePush(uri, this.options.pushDelayMs);
        return;
      }
      void this.connection.sendDiagnostics({ uri, version, diagnostics: computed.findings.map(toDiagnostic) });
    } catch (error) {
      this.connection.console.error(`streamwise: diagnostics for ${uri} failed: ${describeError(error)}`);
    }
  }

  private scheduleWorkspace(context: FolderContext, delayMs = this.options.workspaceDelayMs): void {
    const existing = this.workspaceTimers.get(context);
    if (existing !== undefined) clearTimeout(existing);
    this.workspaceTimers.set(
      context,
      setTimeout(() => {
        this.workspaceTimers.delete(context);
        void this.analyzeWorkspace(context);
      }, delayMs),
    );
  }

  private async analyzeWorkspace(context: FolderContext): Promise<void> {
    try {
      // A change while analysing bumps the folder generation: the result is dropped, and that
      // change has already scheduled the next run.
      const started = Date.now();
      const result = await context.fullResult();
      if (result === undefined) return;
      const counts = { error: 0, warning: 0, info: 0 };
      for (const finding of result.findings) counts[finding.severity]++;
      void sendNotification(this.connection, AnalysisStatusNotification, { folderUri: context.uri, findings: counts, time: Date.now(), durationMs: Date.now() - started });
      const key = hash(
        JSON.stringify([
          result.findings.map((f) => [f.file, f.rule, f.severity, f.message, f.range]),
          result.topologies,
          result.apps,
          result.configErrors,
        ]),
      );
      if (this.resultKeys.get(context) === key) return;
      this.resultKeys.set(context, key);
      this.reportConfigErrors(context, result.configErrors);
      if (this.options.pull) {
        if (this.options.refreshSupport) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
      } else {
        this.publishFolder(context, result.findings);
      }
      if (this.options.codeLensRefreshSupport) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      void sendNotification(this.connection, TopologyChangedNotification, { folderUris: [context.uri] });
    } catch (error) {
      this.connection.console.error(`streamwise: analysis of ${context.root} failed: ${describeError(error)}`);
    }
  }

  /** A broken streamwise.config.json is shown to the user once per distinct set of errors. */
  private reportConfigErrors(context: FolderContext, errors: string[]): void {
    const key = errors.join('\n');
    if ((this.configErrorKeys.get(context) ?? '') === key) return;
    this.configErrorKeys.set(context, key);
    for (const error of errors) this.connection.console.warn(`streamwise: ${error}`);
    if (errors.length > 0) {
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Streamwise: ${errors.join('; ')}` });
    }
  }

  /** Push mode: open documents re-validate; closed files get the folder result's findings. */
  private publishFolder(context: FolderContext, findings: Finding[]): void {
    const byUri = new Map<string, Diagnostic[]>();
    for (const finding of findings) {
      if (this.documents.isOpen(finding.file)) continue;
      const uri = this.documents.uriOf(finding.file);
      let list = byUri.get(uri);
      if (list === undefined) byUri.set(uri, (list = []));
      list.push(toDiagnostic(finding));
    }
    const before = this.publishedClosed.get(context) ?? new Set<string>();
    for (const uri of before) {
      if (!byUri.has(uri) && this.documents.version(uri) === undefined) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const [uri, diagnostics] of byUri) void this.connection.sendDiagnostics({ uri, diagnostics });
    this.publishedClosed.set(context, new Set(byUri.keys()));
    for (const file of this.documents.openFiles()) {
      const uri = this.documents.uriOf(file);
      if (this.documents.resolve(uri)?.context === context) this.schedulePush(uri, 0);
    }
  }
}

export function emptyReport(): DocumentDiagnosticReport {
  return { kind: DocumentDiagnosticReportKind.Full, items: [] };
}

function staleError(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed during analysis', { retriggerRequest: true });
}

export function isCancellationError(error: unknown): boolean {
  return error instanceof ResponseError && (error.code === LSPErrorCodes.ServerCancelled || error.code === LSPErrorCodes.RequestCancelled);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

/** FNV-1a, enough to tell results apart. */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

// A real LSP client for tests and benchmarks: spawns `node dist/server.js --stdio` and talks
// JSON-RPC over its stdio with vscode-jsonrpc. Everything the server sends is recorded, and
// `waitFor` resolves when a matching message arrives (bounded by a timeout that fails).
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  CodeLens,
  Diagnostic,
  DocumentDiagnosticReport,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const serverPath = join(repoRoot, 'dist', 'server.js');

/** Copies test/fixtures/lsp/<name> to a fresh temp folder (tests may edit it). */
export function fixtureWorkspace(name: string): { root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), `streamwise-lsp-${name}-`));
  cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', name), root, { recursive: true });
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

export const fullCapabilities: ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeLens: {},
  },
  workspace: {
    configuration: true,
    workspaceFolders: true,
    diagnostics: { refreshSupport: true },
    codeLens: { refreshSupport: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
};

/** The same client without pull diagnostics: the server must push. */
export const pushOnlyCapabilities: ClientCapabilities = {
  ...fullCapabilities,
  textDocument: { ...fullCapabilities.textDocument, diagnostic: undefined },
  workspace: { ...fullCapabilities.workspace, diagnostics: undefined },
};

export interface Received {
  method: string;
  params: unknown;
}

export interface SessionOptions {
  folders: string[];
  capabilities?: ClientCapabilities;
  /** Answers workspace/configuration for a scope URI and section. */
  settings?: (scopeUri: string | undefined, section: string | undefined) => unknown;
  initializationOptions?: unknown;
}

export class LspSession {
  readonly received: Received[] = [];
  readonly stderr: string[] = [];
  private waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  private versions = new Map<string, number>();
  private exited = false;
  initializeResult: InitializeResult | undefined;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: SessionOptions): Promise<LspSession> {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new LspSession(child, connection);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => session.stderr.push(chunk));
    child.on('exit', () => {
      session.exited = true;
    });
    const record = (method: string, params: unknown): void => session.record({ method, params });
    connection.onNotification((method: string, params: unknown) => record(method, params));
    connection.onRequest((method: string, params: unknown) => {
      record(method, params);
      if (method === 'workspace/configuration') {
        const items = isRecord(params) && Array.isArray(params.items) ? params.items : [];
        return items.map((item: unknown) => {
          const scopeUri = isRecord(item) && typeof item.scopeUri === 'string' ? item.scopeUri : undefined;
          const section = isRecord(item) && typeof item.section === 'string' ? item.section : undefined;
          return options.settings?.(scopeUri, section) ?? null;
        });
      }
      return null;
    });
    connection.listen();
    session.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.folders[0] === undefined ? null : uriOf(options.folders[0]),
      capabilities: options.capabilities ?? fullCapabilities,
      workspaceFolders: options.folders.map((f, i) => ({ uri: uriOf(f), name: `folder${i}` })),
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  private record(message: Received): void {
    this.received.push(message);
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.match(message)) waiter.resolve(message);
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** Resolves with the first message (already received after `since`, or arriving) that matches. */
  waitFor(match: (m: Received) => boolean, options: { since?: number; timeoutMs?: number; what?: string } = {}): Promise<Received> {
    const seen = this.received.slice(options.since ?? 0).find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a message'}; stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      const done = (m: Received): void => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Diagnostics pushed for `uri` (optionally at a version), waiting for them if needed. */
  async pushedDiagnostics(uri: string, options: { since?: number; version?: number; timeoutMs?: number } = {}): Promise<Diagnostic[]> {
    const message = await this.waitFor(
      (m) => {
        if (m.method !== 'textDocument/publishDiagnostics' || !isRecord(m.params) || m.params.uri !== uri) return false;
        return options.version === undefined || m.params.version === options.version;
      },
      { since: options.since, timeoutMs: options.timeoutMs, what: `publishDiagnostics for ${uri}` },
    );
    return (message.params as PublishDiagnosticsParams).diagnostics;
  }

  get mark(): number {
    return this.received.length;
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<string> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    return uri;
  }

  /** Replaces the whole buffer; returns the new version. */
  async replace(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Replaces one 0-based line (without its line break); returns the new version. */
  async replaceLine(uri: string, line: number, oldLength: number, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: oldLength } }, text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Pulls diagnostics; retries while the server answers ServerCancelled (stale) as a client does. */
  async pull(uri: string): Promise<Diagnostic[]> {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const report = await this.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        if (report.kind !== 'full') throw new Error('expected a full report without previousResultId');
        return report.items;
      } catch (error) {
        if (isRecord(error) && error.code === -32802) continue;
        throw error;
      }
    }
    throw new Error('diagnostics stayed stale for 20 pulls');
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  }

  get isAlive(): boolean {
    return !this.exited;
  }

  async dispose(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        this.child.kill();
      }
      await exited;
    }
    this.connection.dispose();
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line (0-based) of the first line containing `needle` in `text`. */
export function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`fixture has no line containing ${needle}`);
  return line;
}

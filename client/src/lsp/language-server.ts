// The language client: starts dist/server.js over IPC, restarts on request, and tracks the state
// the language-status item shows. Start is lazy (see streamwise-usage.ts for when).
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { AnalysisStatusNotification, TopologyChangedNotification, type AnalysisStatusParams, type TopologyChangedParams } from '../../../server/src/protocol';
import { describeError } from '../log';

export type ServerState = 'not started' | 'starting' | 'running' | 'stopped' | 'failed';

export class LanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private stateValue: ServerState = 'not started';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly analysisEmitter = new vscode.EventEmitter<AnalysisStatusParams>();
  private readonly topologyEmitter = new vscode.EventEmitter<TopologyChangedParams>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidFinishAnalysis = this.analysisEmitter.event;
  /** `streamwise/topologyChanged`: the graph panel redraws. */
  readonly onDidChangeTopology = this.topologyEmitter.event;
  lastError: string | undefined;

  constructor(
    private readonly serverModule: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): ServerState {
    return this.stateValue;
  }

  /** The running client, starting it if needed; undefined when it cannot start. */
  ensureStarted(): Promise<LanguageClient | undefined> {
    if (this.client !== undefined && this.stateValue === 'running') return Promise.resolve(this.client);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** A notification to the server if it runs (dropped otherwise: the server asks again on start). */
  notify(method: string, params: unknown): void {
    if (this.client === undefined || this.stateValue !== 'running') return;
    this.client.sendNotification(method, params).catch((error: unknown) => this.log.warn(`${method}: ${describeError(error)}`));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.ensureStarted();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    try {
      await client.stop(5000);
    } catch (error) {
      this.log.warn(`stopping the language server: ${describeError(error)}`);
    }
    client.dispose(1000)?.catch(() => undefined);
    this.setState('stopped');
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
    this.analysisEmitter.dispose();
    this.topologyEmitter.dispose();
  }

  private async start(): Promise<LanguageClient | undefined> {
    this.setState('starting');
    const run = { module: this.serverModule, transport: TransportKind.ipc };
    const serverOptions: ServerOptions = { run, debug: run };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'typescript' },
        { scheme: 'file', language: 'typescriptreact' },
      ],
      outputChannel: this.log,
      traceOutputChannel: this.log,
      // The server logs and shows config problems itself; a crash loop should not spam popups.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    const client = new LanguageClient('streamwise', 'Streamwise Language Server', serverOptions, clientOptions);
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) this.setState('running');
      else if (event.newState === State.Stopped && this.stateValue !== 'failed') this.setState('stopped');
    });
    try {
      await client.start();
      client.onNotification(AnalysisStatusNotification.method, (params: unknown) => {
        if (isAnalysisStatus(params)) this.analysisEmitter.fire(params);
      });
      client.onNotification(TopologyChangedNotification.method, (params: unknown) => {
        const uris: unknown = typeof params === 'object' && params !== null ? Reflect.get(params, 'folderUris') : undefined;
        this.topologyEmitter.fire({ folderUris: Array.isArray(uris) ? uris.filter((u): u is string => typeof u === 'string') : [] });
      });
      this.client = client;
      this.lastError = undefined;
      this.setState('running');
      return client;
    } catch (error) {
      this.lastError = describeError(error);
      this.log.error(`the language server did not start: ${this.lastError}`);
      this.setState('failed');
      client.dispose(1000)?.catch(() => undefined);
      return undefined;
    }
  }

  private setState(state: ServerState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.stateEmitter.fire(state);
  }
}

function isAnalysisStatus(value: unknown): value is AnalysisStatusParams {
  if (typeof value !== 'object' || value === null) return false;
  const findings: unknown = Reflect.get(value, 'findings');
  return typeof Reflect.get(value, 'folderUri') === 'string' && typeof Reflect.get(value, 'time') === 'number' && typeof findings === 'object' && findings !== null;
}

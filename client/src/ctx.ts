// The context object every command handler gets: the extension's services, each behind a small
// interface (type-only here, so the command table stays importable in node tests).
import type { ExtensionConfig } from './config';
import type { Log } from './log';

export interface Logs {
  languageServer: Log;
  runs: Log;
  devCluster: Log;
}

export interface RunsController {
  runTopology(args: unknown): Promise<void>;
  stopRun(arg: unknown): Promise<void>;
  showOutput(arg: unknown): Promise<void>;
}

export interface DevClusterController {
  startCommand(): Promise<void>;
  stopCommand(): Promise<void>;
}

export interface GraphController {
  showTopology(args: unknown): Promise<void>;
  showLag(groupId?: string): Promise<void>;
}

export interface ViewController {
  refresh(): Promise<void>;
}

export interface LanguageServerController {
  restart(): Promise<void>;
  showLog(): Promise<void>;
}

export interface Ctx {
  logs: Logs;
  /** Settings as of now (re-read on every call: they may change at any time). */
  config(): ExtensionConfig;
  runs: RunsController;
  devCluster: DevClusterController;
  graph: GraphController;
  view: ViewController;
  languageServer: LanguageServerController;
  /** Copies the walkthrough's example into a folder and opens it. */
  openExample(arg: unknown): Promise<void>;
}

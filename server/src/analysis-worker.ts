// The analysis worker: owns one WorkspaceAnalyzer per folder, so the LSP thread stays free to
// read messages while ts-morph works. A newer edit bumps the folder's generation in shared
// memory, and the analyzer's isCancelled sees it between files and rules: obsolete analyses stop
// early instead of delaying the one for the latest text.
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from 'streamwise';
import { WorkspaceAnalyzer } from './analysis/workspace-analyzer';
import type { WorkerInit, WorkerReply, WorkerRequest } from './lsp/analysis-messages';

function isInit(value: unknown): value is WorkerInit {
  return typeof value === 'object' && value !== null && 'generations' in value && value.generations instanceof SharedArrayBuffer;
}

const port = parentPort;
if (port === null || !isInit(workerData)) throw new Error('analysis-worker must run as a worker of the language server');
const generations = new Int32Array(workerData.generations);
const analyzers = new Map<string, WorkspaceAnalyzer>();
const send = (reply: WorkerReply): void => port.postMessage(reply);
const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => send({ kind: 'log', level, message, fields });
const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };

function analyzer(root: string): WorkspaceAnalyzer {
  let found = analyzers.get(root);
  if (found === undefined) analyzers.set(root, (found = new WorkspaceAnalyzer(root, { logger })));
  return found;
}

function handle(request: WorkerRequest): void {
  switch (request.kind) {
    case 'openFolder':
      analyzers.set(request.root, new WorkspaceAnalyzer(request.root, { logger, liveTopics: request.liveTopics }));
      return;
    case 'closeFolder':
      analyzers.delete(request.root);
      return;
    case 'setFileText':
      analyzer(request.root).setFileText(request.file, request.text);
      return;
    case 'reloadConfig':
      analyzer(request.root).reloadConfig();
      return;
    case 'setLiveTopics':
      analyzer(request.root).setLiveTopics(request.topics);
      return;
    case 'analyze': {
      const stale = (): boolean => Atomics.load(generations, request.slot) !== request.generation;
      const result = analyzer(request.root).analyze(stale);
      if (stale()) logger.debug('streamwise: analysis overtaken by a newer change', { root: request.root });
      send({ kind: 'result', id: request.id, value: stale() ? null : result });
      return;
    }
    case 'analyzeFile': {
      const stale = (): boolean => Atomics.load(generations, request.slot) !== request.generation;
      const findings = analyzer(request.root).analyzeFile(request.file, stale);
      send({ kind: 'result', id: request.id, value: stale() ? null : findings });
      return;
    }
    case 'nodeAt':
      send({ kind: 'result', id: request.id, value: analyzer(request.root).nodeAt(request.file, request.line, request.column) ?? null });
      return;
  }
}

port.on('message', (request: WorkerRequest) => {
  try {
    handle(request);
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if ('id' in request) send({ kind: 'failed', id: request.id, error: text });
    else logger.error(`streamwise: ${request.kind} failed: ${text}`);
  }
});

// Messages between the language server's main thread and its analysis worker (internal; the
// public protocol is ../protocol.ts).
import type { LiveTopics } from '../analysis/types';

export type WorkerRequest =
  | { kind: 'openFolder'; root: string; liveTopics: LiveTopics }
  | { kind: 'closeFolder'; root: string }
  | { kind: 'setFileText'; root: string; file: string; text: string | undefined }
  | { kind: 'reloadConfig'; root: string }
  | { kind: 'setLiveTopics'; root: string; topics: LiveTopics }
  | { kind: 'analyze'; id: number; root: string; slot: number; generation: number }
  | { kind: 'analyzeFile'; id: number; root: string; file: string; slot: number; generation: number }
  | { kind: 'nodeAt'; id: number; root: string; file: string; line: number; column: number };

export type WorkerReply =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'failed'; id: number; error: string }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> };

/** What the worker gets at start: the shared per-folder generations (bumped on every change). */
export interface WorkerInit {
  generations: SharedArrayBuffer;
}

/** Slots in the generations array: one per folder context ever opened, reused modulo. */
export const GENERATION_SLOTS = 4096;

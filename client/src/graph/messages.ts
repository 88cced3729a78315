// The ONE message protocol between the graph panel's host (extension) and its webview, imported
// by both sides (vscode-hexeditor style discriminated unions). Every message from the webview is
// untrusted input: the host accepts it only through `parseWebviewMessage`.
import type { ConnectionState, GraphOverlay, LagView, LaidOutGraph } from './graph-model';
import { parseTextMetrics, type TextMetrics } from './text-metrics';

/** The webview panel types (also the serializer's keys). */
export const GRAPH_VIEW_TYPE = 'streamwise.graph';
export const LAG_VIEW_TYPE = 'streamwise.lag';

export interface TopologyChoice { key: string; title: string }

/** Host -> webview. */
export type HostMessage =
  /** A topology to draw. The webview keeps zoom, pan and selection when `graph.model.key` is unchanged. */
  | { type: 'graph'; graph: LaidOutGraph; choices: TopologyChoice[] }
  /** Nothing to draw (no topology in the file, analysis failed): shown instead of a graph. */
  | { type: 'empty'; message: string; choices: TopologyChoice[] }
  /** Live metrics; applied in place (no re-layout). `undefined` clears the overlay. */
  | { type: 'overlay'; overlay: GraphOverlay | undefined }
  /** Show Lag switched to this group: drop what was shown for the one before (sent before its samples). */
  | { type: 'lagGroup'; groupId: string; detail: string }
  | { type: 'lag'; lag: LagView }
  | { type: 'connection'; state: ConnectionState; detail?: string }
  /** The editor cursor is inside this node's code (or none). */
  | { type: 'highlight'; nodeId: string | undefined }
  /** Ask the webview for the current drawing as SVG (answered by `svg`). */
  | { type: 'requestSvg' };

/** State the webview keeps with getState/setState and the serializer restores. */
export interface WebviewState {
  mode: 'graph' | 'lag';
  key?: string;
  groupId?: string;
  transform?: { x: number; y: number; k: number };
  selected?: string;
}

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** The webview's fonts, measured (at start and whenever they change): the host sizes node boxes with them. */
  | { type: 'metrics'; metrics: TextMetrics }
  | { type: 'reveal'; nodeId: string }
  | { type: 'selectTopology'; key: string }
  | { type: 'svg'; svg: string }
  | { type: 'exportSvg' }
  /** Open Show Lag for the group the overlay shows (the host knows which; the webview names none). */
  | { type: 'showLag' }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

const MAX_TEXT = 20_000_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isShortString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Validates a message from the webview: a typed message, or undefined (and why) for anything else. */
export function parseWebviewMessage(raw: unknown): { message: WebviewMessage } | { error: string } {
  if (!isRecord(raw)) return { error: 'not an object' };
  switch (raw.type) {
    case 'ready':
    case 'exportSvg':
    case 'showLag':
      return { message: { type: raw.type } };
    case 'metrics': {
      const metrics = parseTextMetrics(raw.metrics);
      return metrics === undefined ? { error: 'metrics: fonts label, sub and outlet with 0 or 95 advances each (0..200 px) and a positive other' } : { message: { type: 'metrics', metrics } };
    }
    case 'reveal':
      return isShortString(raw.nodeId) ? { message: { type: 'reveal', nodeId: raw.nodeId } } : { error: 'reveal: nodeId must be a non-empty string' };
    case 'selectTopology':
      return isShortString(raw.key) ? { message: { type: 'selectTopology', key: raw.key } } : { error: 'selectTopology: key must be a non-empty string' };
    case 'svg':
      return typeof raw.svg === 'string' && raw.svg.startsWith('<svg') && raw.svg.length <= MAX_TEXT
        ? { message: { type: 'svg', svg: raw.svg } }
        : { error: 'svg: svg must be an <svg> document under 20 MB' };
    case 'log': {
      const level = raw.level;
      if ((level === 'info' || level === 'warn' || level === 'error') && typeof raw.message === 'string') {
        return { message: { type: 'log', level, message: raw.message.slice(0, 4096) } };
      }
      return { error: 'log: level must be info|warn|error and message a string' };
    }
    default:
      return { error: `unknown message type ${JSON.stringify(raw.type)?.slice(0, 40) ?? 'undefined'}` };
  }
}

/** Validates persisted webview state (it comes back from the webview, so it is untrusted too). */
export function parseWebviewState(raw: unknown): WebviewState | undefined {
  if (!isRecord(raw) || (raw.mode !== 'graph' && raw.mode !== 'lag')) return undefined;
  const state: WebviewState = { mode: raw.mode };
  if (isShortString(raw.key)) state.key = raw.key;
  if (isShortString(raw.groupId, 512)) state.groupId = raw.groupId;
  if (isShortString(raw.selected)) state.selected = raw.selected;
  const t = raw.transform;
  if (isRecord(t) && [t.x, t.y, t.k].every((n) => typeof n === 'number' && Number.isFinite(n)) && typeof t.k === 'number' && t.k > 0) {
    state.transform = { x: Number(t.x), y: Number(t.y), k: t.k };
  }
  return state;
}

// The webview's side of the host channel: typed postMessage and persisted state.
import type { HostMessage, WebviewMessage, WebviewState } from '../../client/src/graph/messages';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Outside VS Code (browser tests, benchmark) the page provides the same three functions. */
export const host: VsCodeApi = acquireVsCodeApi();

export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handler(data as HostMessage);
  });
}

export function readState(): WebviewState | undefined {
  const s = host.getState();
  return typeof s === 'object' && s !== null && ((s as WebviewState).mode === 'graph' || (s as WebviewState).mode === 'lag') ? (s as WebviewState) : undefined;
}

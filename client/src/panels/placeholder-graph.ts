// Stand-in for the graph panel (client/src/graph/, issue 9) until it lands: the same two entry
// points, showing the topology as a plain node list so the commands are never dead. Strict CSP,
// no script at all.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { type TopologyCommandArgs, type TopologyResult } from '../../../server/src/protocol';
import type { GraphController } from '../ctx';
import type { Log } from '../log';
import { describeError } from '../log';

export function placeholderGraph(topologies: (uri?: string) => Promise<TopologyResult | undefined>, log: Log): GraphController & vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  const show = (title: string, body: string): void => {
    if (panel === undefined) {
      panel = vscode.window.createWebviewPanel('streamwise.graph', title, vscode.ViewColumn.Beside, { enableScripts: false });
      panel.onDidDispose(() => (panel = undefined));
    }
    panel.title = title;
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} code{font-family:var(--vscode-editor-font-family)} li{margin:2px 0}</style>
</head><body>${body}</body></html>`;
    panel.reveal(undefined, true);
  };
  return {
    async showTopology(args: unknown): Promise<void> {
      const target = parseArgs(args);
      try {
        const result = await topologies(target?.uri ?? vscode.window.activeTextEditor?.document.uri.toString());
        const entries = (result?.topologies ?? []).filter((t) => target === undefined || t.topologyIndex === target.topologyIndex);
        if (entries.length === 0) {
          show('Streamwise graph', '<p>No topology found in this file.</p>');
          return;
        }
        const html = entries
          .map((entry) => {
            const subs = entry.model.subTopologies
              .map((sub, i) => `<h3>Sub-topology ${i}</h3><ul>${sub.nodes.map((n) => `<li><code>${escape(n.name)}</code> ${escape(n.kind)}</li>`).join('')}</ul>`)
              .join('');
            return `<h2>${escape(vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)))} #${entry.topologyIndex}</h2>${subs}`;
          })
          .join('');
        show('Streamwise graph', `<p>The interactive graph panel is not installed in this build; the topology's nodes:</p>${html}`);
      } catch (error) {
        log.error(`show graph: ${describeError(error)}`);
        show('Streamwise graph', `<p>Could not read the topology: ${escape(describeError(error))}</p>`);
      }
    },
    async showLag(groupId?: string): Promise<void> {
      show('Streamwise lag', `<p>The lag panel is not installed in this build${groupId === undefined ? '' : ` (group <code>${escape(groupId)}</code>)`}. The Streamwise view lists consumer groups and their lag.</p>`);
    },
    dispose(): void {
      panel?.dispose();
    },
  };
}

function parseArgs(args: unknown): TopologyCommandArgs | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const uri: unknown = Reflect.get(args, 'uri');
  const index: unknown = Reflect.get(args, 'topologyIndex');
  if (typeof uri !== 'string' || typeof index !== 'number') return undefined;
  return { uri, topologyIndex: index, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The language-status item next to the TypeScript status: server state, findings count, time of
// the last analysis. Clicking it opens the language server's output.
import * as vscode from 'vscode';
import type { AnalysisStatusParams } from '../../../server/src/protocol';
import type { LanguageServer } from './language-server';
import { languageStatus } from './status-text';

export const LANGUAGE_STATUS_ID = 'streamwise.languageStatus';

export function registerLanguageStatus(server: LanguageServer, showOutputCommand: string): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem(LANGUAGE_STATUS_ID, [
    { language: 'typescript' },
    { language: 'typescriptreact' },
    { language: 'json', pattern: '**/streamwise.config.json' },
  ]);
  item.name = 'Streamwise';
  item.command = { title: 'Show Log', command: showOutputCommand };
  const analyses = new Map<string, AnalysisStatusParams>();
  const render = (): void => {
    const view = languageStatus(server.state, [...analyses.values()], server.lastError);
    item.text = view.text;
    item.detail = view.detail;
    item.busy = view.busy;
    item.severity = view.severity === 'error' ? vscode.LanguageStatusSeverity.Error : view.severity === 'warning' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };
  render();
  const subscriptions = [
    item,
    server.onDidChangeState(() => {
      if (server.state !== 'running') analyses.clear();
      render();
    }),
    server.onDidFinishAnalysis((params) => {
      analyses.set(params.folderUri, params);
      render();
    }),
  ];
  return vscode.Disposable.from(...subscriptions);
}

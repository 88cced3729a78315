// Registers the command table with vscode: one wrapper checks trust (refusing with a message that
// says why) and catches every failure (logged, shown once), so no handler ever throws.
import * as vscode from 'vscode';
import { commandTable, ContextKeys, refusal, type ContextState } from './commands';
import type { Ctx } from './ctx';
import { describeError } from './log';

export function registerCommands(ctx: Ctx): vscode.Disposable {
  return vscode.Disposable.from(
    ...commandTable.map((spec) =>
      vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
        const refused = refusal(spec, vscode.workspace.isTrusted);
        if (refused !== undefined) {
          ctx.logs.runs.warn(refused);
          void vscode.window.showWarningMessage(refused, 'Manage Workspace Trust').then((choice) => {
            if (choice !== undefined) void vscode.commands.executeCommand('workbench.trust.manage');
          });
          return;
        }
        try {
          await spec.run(ctx, ...args);
        } catch (error) {
          const message = `Streamwise: ${spec.title} failed: ${describeError(error)}`;
          ctx.logs.runs.error(message);
          void vscode.window.showErrorMessage(message);
        }
      }),
    ),
  );
}

/** Mirrors extension state into the context keys that enablement and menus read. */
export function setContextKeys(state: Partial<ContextState>): void {
  for (const [key, value] of Object.entries(state) as [keyof ContextState, boolean][]) {
    void vscode.commands.executeCommand('setContext', ContextKeys[key], value);
  }
}

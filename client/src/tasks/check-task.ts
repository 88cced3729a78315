// The `streamwise` task type: `streamwise check` over a folder with the `$streamwise` problem
// matcher, so findings of files that are not open reach the Problems panel from a task too.
import * as vscode from 'vscode';
import { currentNode } from '../runs/node-command';

export const TASK_TYPE = 'streamwise';

interface CheckTaskDefinition extends vscode.TaskDefinition {
  command: 'check';
  /** Folder (or file) to analyse, relative to the workspace folder; default: the folder. */
  path?: string;
}

export function registerCheckTasks(cliPath: string): vscode.Disposable {
  const build = (definition: CheckTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task => {
    const node = currentNode();
    const target = definition.path ?? '.';
    const execution = new vscode.ProcessExecution(node.node, [cliPath, 'check', target], { cwd: folder.uri.fsPath, env: node.env });
    const task = new vscode.Task(definition, folder, `check ${target === '.' ? folder.name : target}`, TASK_TYPE, execution, ['$streamwise']);
    task.group = vscode.TaskGroup.Test;
    task.detail = 'streamwise check: the analyzer over the folder, findings in the Problems panel';
    return task;
  };
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => build({ type: TASK_TYPE, command: 'check' }, folder)),
    resolveTask(task) {
      const definition = task.definition;
      if (definition.type !== TASK_TYPE || definition.command !== 'check') return undefined;
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      if (folder === undefined) return undefined;
      const path: unknown = definition.path;
      return build({ type: TASK_TYPE, command: 'check', ...(typeof path === 'string' ? { path } : {}) }, folder);
    },
  });
}

// Parse errors of the workspace's source files, computed once per (unchanged) source file.
import { resolve } from 'node:path';
import { ts } from 'ts-morph';
import { BUNDLED_ROOT, type WorkspaceProject } from './project';
import type { FileError } from './types';

const syntaxErrorsByFile = new WeakMap<ts.SourceFile, FileError[]>();

export function syntaxErrors(ws: WorkspaceProject): FileError[] {
  const out: FileError[] = [];
  const program = ws.project.getProgram().compilerObject;
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sf.fileName) || sf.fileName.startsWith(BUNDLED_ROOT)) continue;
    let errors = syntaxErrorsByFile.get(sf);
    if (errors === undefined) {
      errors = program.getSyntacticDiagnostics(sf).map((d) => {
        const pos = ts.getLineAndCharacterOfPosition(sf, d.start ?? 0);
        return { file: resolve(sf.fileName), line: pos.line + 1, column: pos.character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
      });
      syntaxErrorsByFile.set(sf, errors);
    }
    out.push(...errors);
  }
  return out;
}

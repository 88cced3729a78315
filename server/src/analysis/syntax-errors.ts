// Parse errors of the workspace's source files, computed once per (unchanged) source file.
import { resolve } from 'node:path';
import { ts, type Project } from 'ts-morph';
import { BUNDLED_ROOT } from './project';
import type { FileError } from './types';

const syntaxErrorsByFile = new WeakMap<ts.SourceFile, FileError[]>();

export function syntaxErrors(project: Project): FileError[] {
  const out: FileError[] = [];
  const program = project.getProgram().compilerObject;
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sf.fileName) || sf.fileName.startsWith(BUNDLED_ROOT)) continue;
    let errors = syntaxErrorsByFile.get(sf);
    if (errors === undefined) {
      errors = program.getSyntacticDiagnostics(sf).map((d) => {
        const start = d.start ?? 0;
        const pos = ts.getLineAndCharacterOfPosition(sf, start);
        return { file: resolve(sf.fileName), line: pos.line + 1, column: pos.character + 1, start, length: d.length ?? 0, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
      });
      syntaxErrorsByFile.set(sf, errors);
    }
    out.push(...errors);
  }
  return out;
}

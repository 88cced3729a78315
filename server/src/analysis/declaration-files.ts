// Declaration files read the way `tsc` reads them. tsc parses TypeScript files with JSDoc parsing
// mode "for type errors": JSDoc comments carry no types in .ts/.d.ts, so it skips them. ts-morph
// always parses them, and @types/node alone is 2 MB of mostly JSDoc (half of its parse time).
// Nothing in the analyzer reads JSDoc, so the file system blanks JSDoc blocks of declaration files
// (same length, line breaks kept: every position and line stays what it was).
import { Project, type FileSystemHost } from 'ts-morph';

/** A block comment (JSDoc or not), a line comment or a string/template literal: the scanner's units. */
const TOKENS = /\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n\r]*|'(?:[^'\\\n\r]|\\[\s\S])*'?|"(?:[^"\\\n\r]|\\[\s\S])*"?|`(?:[^`\\]|\\[\s\S])*`?/g;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/** The text with each JSDoc block (`/** ... *\/`) replaced by spaces; comments inside strings stay. */
export function blankJsDoc(text: string): string {
  if (!text.includes('/**')) return text;
  return text.replace(TOKENS, (token) => (token.startsWith('/**') && !token.startsWith('/**/') ? token.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length)) : token));
}

let realFileSystem: FileSystemHost | undefined;

/** The real file system, except that declaration files come back with their JSDoc blanked. */
export function declarationBlankingFileSystem(): FileSystemHost {
  const real = (realFileSystem ??= new Project({ skipLoadingLibFiles: true }).getFileSystem());
  const text = (path: string, content: string): string => (DECLARATION_FILE.test(path) ? blankJsDoc(content) : content);
  return {
    isCaseSensitive: () => real.isCaseSensitive(),
    delete: (path) => real.delete(path),
    deleteSync: (path) => real.deleteSync(path),
    readDirSync: (path) => real.readDirSync(path),
    readFile: async (path, encoding) => text(path, await real.readFile(path, encoding)),
    readFileSync: (path, encoding) => text(path, real.readFileSync(path, encoding)),
    writeFile: (path, content) => real.writeFile(path, content),
    writeFileSync: (path, content) => real.writeFileSync(path, content),
    mkdir: (path) => real.mkdir(path),
    mkdirSync: (path) => real.mkdirSync(path),
    move: (from, to) => real.move(from, to),
    moveSync: (from, to) => real.moveSync(from, to),
    copy: (from, to) => real.copy(from, to),
    copySync: (from, to) => real.copySync(from, to),
    fileExists: (path) => real.fileExists(path),
    fileExistsSync: (path) => real.fileExistsSync(path),
    directoryExists: (path) => real.directoryExists(path),
    directoryExistsSync: (path) => real.directoryExistsSync(path),
    realpathSync: (path) => real.realpathSync(path),
    getCurrentDirectory: () => real.getCurrentDirectory(),
    glob: (patterns) => real.glob(patterns),
    globSync: (patterns) => real.globSync(patterns),
  };
}

// Loads a TypeScript module graph with TypeScript's transpiler when esbuild is not installed (the
// .vsix ships one TypeScript, not esbuild's platform binary): each relative import is transpiled
// and evaluated as CommonJS; bare imports go to `requireBare`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { dirname, extname, resolve } from 'node:path';

export class TranspileError extends Error {
  override name = 'TranspileError';
}

type TypeScript = typeof import('ts-morph').ts;
type BareRequire = (id: string, fromFile: string) => unknown;

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Resolves a relative specifier as a bundler would: `./x` may name x.ts, x/index.ts, or x.js written for x.ts. */
function resolveRelative(specifier: string, fromFile: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const jsToTs = /\.(c|m)?js$/.test(base) ? TS_EXTENSIONS.map((ext) => base.replace(/\.(c|m)?js$/, ext)) : [];
  const candidates = [...jsToTs, base, ...TS_EXTENSIONS.map((ext) => base + ext), ...TS_EXTENSIONS.map((ext) => resolve(base, `index${ext}`)), `${base}.js`, resolve(base, 'index.js')];
  return candidates.find(isFile);
}

export function loadWithTypeScript(ts: TypeScript, entry: string, requireBare: BareRequire): Record<string, unknown> {
  const cache = new Map<string, Module>();
  const load = (file: string): unknown => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached.exports;
    const mod = new Module(file);
    mod.filename = file;
    cache.set(file, mod);
    if (!TS_EXTENSIONS.includes(extname(file))) {
      mod.exports = requireBare(file, file);
      return mod.exports;
    }
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true,
        jsx: ts.JsxEmit.React, inlineSourceMap: true, inlineSources: true, isolatedModules: true,
      },
    });
    const problem = (output.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
    if (problem !== undefined) {
      const where = problem.file !== undefined && problem.start !== undefined ? problem.file.getLineAndCharacterOfPosition(problem.start) : undefined;
      const at = where === undefined ? '' : `${file}:${where.line + 1}:${where.character + 1}: `;
      throw new TranspileError(`${file} does not compile: ${at}${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`);
    }
    const require = (id: string): unknown => {
      if (id.startsWith('./') || id.startsWith('../')) {
        const target = resolveRelative(id, file);
        if (target === undefined) throw new TranspileError(`${file}: cannot resolve '${id}'`);
        return load(target);
      }
      return requireBare(id, file);
    };
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', output.outputText) as (...args: unknown[]) => void;
    wrapper(mod.exports, require, mod, file, dirname(file));
    return mod.exports;
  };
  return load(entry) as Record<string, unknown>;
}

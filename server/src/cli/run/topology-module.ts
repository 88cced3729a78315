// Loads a user's TypeScript topology module with no build step: esbuild bundles the file and its
// relative imports in memory (TypeScript transpiles them when esbuild is absent, as in the .vsix);
// bare imports stay external, and 'streamwise' resolves to the copy this CLI uses, so
// `instanceof KafkaStreams`/`Topology` hold across the boundary.
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { KafkaStreams, Topology } from 'streamwise';
import { MissingFileError } from '../command';
import { loadWithTypeScript, TranspileError } from './typescript-loader';

export class TopologyModuleError extends Error {
  override name = 'TopologyModuleError';
}

export type Runnable = { kind: 'app'; app: KafkaStreams } | { kind: 'topology'; topology: Topology };

const cliRequire = createRequire(__filename);

async function optionalEsbuild(): Promise<typeof import('esbuild') | undefined> {
  try {
    return await import('esbuild');
  } catch {
    return undefined;
  }
}

async function transpile(esbuild: typeof import('esbuild'), file: string, cwd: string): Promise<string> {
  try {
    const result = await esbuild.build({
      entryPoints: [file], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20',
      packages: 'external', logLevel: 'silent', sourcemap: 'inline', absWorkingDir: dirname(file),
    });
    const out = result.outputFiles[0];
    if (out === undefined) throw new TopologyModuleError(`${relative(cwd, file)}: esbuild produced no output`);
    return out.text;
  } catch (error) {
    if (error instanceof TopologyModuleError) throw error;
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const first = errors[0];
    const where = first?.location ? `${relative(cwd, resolve(dirname(file), first.location.file))}:${first.location.line}:${first.location.column + 1}: ` : '';
    throw new TopologyModuleError(`${relative(cwd, file)} does not compile: ${where}${first?.text ?? String(error)}`);
  }
}

/** Evaluates the module; `streamwise` and `streamwise/*` come from the CLI's copy. */
export async function loadTopologyModule(given: string, cwd: string): Promise<Record<string, unknown>> {
  const file = resolve(cwd, given);
  // Messages name the file relative to the current directory.
  const path = relative(cwd, file) || given;
  if (!existsSync(file)) throw new MissingFileError(`no such file: ${path}`);
  const esbuild = await optionalEsbuild();
  if (esbuild === undefined) return loadWithoutEsbuild(file, path);
  const code = await transpile(esbuild, file, cwd);
  const userRequire = createRequire(file);
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  const require = Object.assign((id: string): unknown => (id === 'streamwise' || id.startsWith('streamwise/') ? cliRequire(id) : userRequire(id)), userRequire);
  const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', code) as (...args: unknown[]) => void;
  try {
    wrapper(mod.exports, require, mod, file, dirname(file));
  } catch (error) {
    throw new TopologyModuleError(`${path} threw while loading: ${error instanceof Error ? error.message : String(error)}`);
  }
  return mod.exports as Record<string, unknown>;
}

/** Without esbuild (the .vsix ships none): TypeScript transpiles each module of the graph. */
async function loadWithoutEsbuild(file: string, path: string): Promise<Record<string, unknown>> {
  const { ts } = await import('ts-morph');
  const requireBare = (id: string, fromFile: string): unknown => (id === 'streamwise' || id.startsWith('streamwise/') ? cliRequire(id) : createRequire(fromFile)(id));
  try {
    return loadWithTypeScript(ts, file, requireBare);
  } catch (error) {
    if (error instanceof TranspileError) throw new TopologyModuleError(error.message);
    throw new TopologyModuleError(`${path} threw while loading: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The module's default export (or `app`): a KafkaStreams, a Topology, or a function returning either. */
export async function runnableOf(exports: Record<string, unknown>, given: string, cwd = process.cwd()): Promise<Runnable> {
  const path = relative(cwd, resolve(cwd, given)) || given;
  const candidates = [exports.default, exports.app].filter((v) => v !== undefined);
  if (candidates.length === 0) {
    throw new TopologyModuleError(`${path} exports nothing runnable: export default (or export const app =) a KafkaStreams, a Topology, or a function returning one`);
  }
  for (const candidate of candidates) {
    let value: unknown = candidate;
    if (typeof value === 'function' && !(value.prototype instanceof KafkaStreams)) {
      try {
        value = await (value as () => unknown)();
      } catch (error) {
        throw new TopologyModuleError(`${path}: the exported function threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (value instanceof KafkaStreams) return { kind: 'app', app: value };
    if (value instanceof Topology) return { kind: 'topology', topology: value };
  }
  const got = candidates.map((v) => (v === null ? 'null' : typeof v === 'object' ? (v.constructor.name || 'object') : typeof v)).join(', ');
  throw new TopologyModuleError(`${path} exports nothing runnable (got ${got}): export default a KafkaStreams, a Topology, or a function returning one`);
}

// The ts-morph project over a workspace folder: with or without tsconfig.json, with or without
// node_modules. 'streamwise' falls back to the declarations bundled with the server.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
import type { Logger } from 'streamwise';
import { bundledDeclarations } from './bundled-declarations';
import { declarationBlankingFileSystem } from './declaration-files';

/** Where the bundled declarations live in the project's (virtual) file system. */
export const BUNDLED_ROOT = '/__streamwise_bundled__/node_modules/streamwise';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', 'coverage']);
const SOURCE_RE = /\.(?:ts|tsx|mts|cts)$/;
/** Files that can hold topology code mention one of these; the rest are left to the type checker's lazy loading. */
const RELEVANT_RE = /streamwise|StreamsBuilder|KafkaStreams|kafkajs/;

export interface WorkspaceProject {
  project: Project;
  /** Workspace files that may hold topology code (text pre-filter), absolute paths. */
  candidateFiles: string[];
  /** Every workspace source file found (for syntax checks and overlays). */
  allFiles: string[];
  tsconfigErrors: string[];
  /**
   * Call before each analysis reads the program: forgets the file-system answers module
   * resolution cached for the last program, and adds the bundled declarations once a resolution
   * has fallen back to them (no installed streamwise, or one without the DSL).
   */
  prepareProgram(): void;
}

export function listWorkspaceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') && entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path);
      } else if (SOURCE_RE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

export function isCandidateText(text: string): boolean {
  return RELEVANT_RE.test(text);
}

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  types: [],
};

export interface ProjectOptions {
  /**
   * false: the reference path, every speed-up that could change what the analyzer sees is off
   * (JSDoc of declaration files kept, bundled declarations always loaded). Tests compare the two.
   */
  fastPaths?: boolean;
}

export function createWorkspaceProject(root: string, overlays: ReadonlyMap<string, string>, logger: Logger, projectOptions: ProjectOptions = {}): WorkspaceProject {
  const fast = projectOptions.fastPaths !== false;
  const tsconfigErrors: string[] = [];
  let options: ts.CompilerOptions = DEFAULT_OPTIONS;
  let files: string[] = [];
  const tsconfig = join(root, 'tsconfig.json');
  if (existsSync(tsconfig)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => tsconfigErrors.push(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    });
    if (parsed !== undefined) {
      options = { ...parsed.options, noEmit: true, types: parsed.options.types ?? [] };
      files = parsed.fileNames.filter((f) => SOURCE_RE.test(f) && !f.endsWith('.d.ts')).map((f) => resolve(f));
    }
  }
  // A solution-style tsconfig (files: [] + references) lists nothing: fall back to the folder.
  if (files.length === 0) files = listWorkspaceFiles(root);
  for (const file of overlays.keys()) if (!files.includes(file) && SOURCE_RE.test(file)) files.push(file);

  const resolutionCache = ts.createModuleResolutionCache(root, (f) => f, options);
  // The bundle is parsed only when a resolution lands in it: with streamwise installed it is never
  // read (before, its 160 files were root files of every program, parsed and bound for nothing).
  const bundle = { wanted: !fast, loaded: false };
  const probes = new Map<string, boolean>();
  const project = new Project({
    compilerOptions: options,
    ...(fast ? { fileSystem: declarationBlankingFileSystem() } : {}),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: false,
    resolutionHost: (host, getOptions) => {
      const probing = fast ? memoisedProbes(host, probes) : host;
      return {
        resolveModuleNames(this: unknown, names: string[], containingFile: string) {
          shareResolutionCache(this, resolutionCache);
          return names.map((name) => {
            const resolved = resolveModule(name, containingFile, getOptions(), probing, resolutionCache);
            if (resolved?.resolvedFileName.startsWith(BUNDLED_ROOT) === true) bundle.wanted = true;
            return resolved;
          });
        },
      };
    },
  });
  const candidateFiles: string[] = [];
  const others: { file: string; text: string; overlay: boolean }[] = [];
  for (const file of files) {
    let text = overlays.get(file);
    const overlay = text !== undefined;
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        logger.warn('cannot read workspace file', { file, error: String(error) });
        continue;
      }
    }
    if (!isCandidateText(text)) {
      others.push({ file, text, overlay });
      continue;
    }
    candidateFiles.push(file);
    addFile(project, file, text, overlay);
  }
  // Entry files that only import topology modules (`runApp('audit', auditTopology())` in main.ts)
  // hold the call sites that connect topologies to their apps: they join the analysis too.
  const modules = new Set(candidateFiles.map((f) => basename(f).replace(SOURCE_RE, '')));
  for (const { file, text, overlay } of others) {
    const imported = [...text.matchAll(/from\s+['"]\.{1,2}\/(?:[^'"]*\/)?([^'"/]+?)(?:\.[cm]?[jt]sx?)?['"]/g)].map((m) => m[1] ?? '');
    if (!imported.some((name) => modules.has(name))) continue;
    candidateFiles.push(file);
    addFile(project, file, text, overlay);
  }
  const prepareProgram = (): void => {
    probes.clear();
    if (bundle.loaded) return;
    if (!bundle.wanted) buildProgram(project); // its resolutions decide whether the bundle is wanted
    if (!bundle.wanted) return;
    bundle.loaded = true;
    for (const [rel, text] of Object.entries(bundledDeclarations())) {
      if (rel.endsWith('.d.ts')) project.createSourceFile(posix.join(BUNDLED_ROOT, rel), text, { overwrite: true });
    }
  };
  prepareProgram();
  return { project, candidateFiles, allFiles: files, tsconfigErrors, prepareProgram };
}

/**
 * Module resolution asks whether the same files and node_modules folders exist over and over (every
 * folder of the workspace walks up the same ancestors); tsc answers from a cache for the life of
 * one program, and so does this (`probes` is cleared before each program is built).
 */
function memoisedProbes(host: ts.ModuleResolutionHost, probes: Map<string, boolean>): ts.ModuleResolutionHost {
  const memo = (kind: string, ask: (path: string) => boolean) => (path: string): boolean => {
    const key = kind + path;
    let known = probes.get(key);
    if (known === undefined) {
      known = ask(path);
      probes.set(key, known);
    }
    return known;
  };
  const directoryExists = host.directoryExists;
  return {
    ...host,
    fileExists: memo('f', (path) => host.fileExists(path)),
    ...(directoryExists === undefined ? {} : { directoryExists: memo('d', (path) => directoryExists.call(host, path)) }),
  };
}

function buildProgram(project: Project): ts.Program {
  return project.getProgram().compilerObject;
}

/**
 * A file as it is on disk is added by path: `createSourceFile(..., { overwrite: true })` of a file
 * that exists on disk parses the disk text first and then the given text again.
 */
function addFile(project: Project, file: string, text: string, overlay: boolean): void {
  if (overlay) project.createSourceFile(file, text, { overwrite: true });
  else if (project.addSourceFileAtPathIfExists(file) === undefined) project.createSourceFile(file, text, { overwrite: true });
}

/**
 * ts-morph's compiler host offers no module resolution cache, so every program TypeScript builds
 * after an edit looked up (stat, read, parse) the package.json of every file under node_modules
 * again. TypeScript calls `resolveModuleNames` as a method of that host: give it one cache for the
 * project's life (package.json files are re-read when the workspace is re-created).
 */
function shareResolutionCache(host: unknown, cache: ts.ModuleResolutionCache): void {
  if (typeof host === 'object' && host !== null && !('getModuleResolutionCache' in host)) {
    Object.defineProperty(host, 'getModuleResolutionCache', { value: () => cache });
  }
}

function resolveModule(name: string, containingFile: string, options: ts.CompilerOptions, host: ts.ModuleResolutionHost, cache: ts.ModuleResolutionCache): ts.ResolvedModuleFull | undefined {
  if (containingFile.startsWith(BUNDLED_ROOT)) return resolveInBundle(posix.join(posix.dirname(containingFile), name));
  // The cache must be passed here too: resolveModuleName does not ask the host for it, and without
  // it every file importing 'streamwise' walked node_modules again.
  const resolved = ts.resolveModuleName(name, containingFile, options, host, cache).resolvedModule;
  if (name === 'streamwise' || name.startsWith('streamwise/')) {
    if (resolved !== undefined && declaresDsl(name, resolved.resolvedFileName)) return resolved;
    const sub = name === 'streamwise' ? 'index' : name.slice('streamwise/'.length);
    return resolveInBundle(posix.join(BUNDLED_ROOT, 'dist', sub));
  }
  return resolved;
}

function resolveInBundle(base: string): ts.ResolvedModuleFull | undefined {
  const files = bundledDeclarations();
  for (const candidate of [`${base}.d.ts`, posix.join(base, 'index.d.ts'), base.replace(/\.js$/, '.d.ts')]) {
    if (candidate.startsWith(BUNDLED_ROOT) && files[candidate.slice(BUNDLED_ROOT.length + 1)] !== undefined) {
      return { resolvedFileName: candidate, extension: ts.Extension.Dts, isExternalLibraryImport: true };
    }
  }
  return undefined;
}

const dslCache = new Map<string, boolean>();
/** An installed 'streamwise' that predates the DSL (or a half-built one) is replaced by the bundle. */
function declaresDsl(name: string, file: string): boolean {
  if (name !== 'streamwise') return true;
  let known = dslCache.get(file);
  if (known === undefined) {
    known = readDeep(file, new Set());
    dslCache.set(file, known);
  }
  return known;
}

function readDeep(file: string, seen: Set<string>): boolean {
  if (seen.has(file) || seen.size > 50) return false;
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (/\bclass StreamsBuilder\b|\bStreamsBuilder\b\s*[:(<]/.test(text)) return true;
  for (const match of text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
    const spec = match[1] ?? '';
    const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
    for (const candidate of [`${base}.d.ts`, join(base, 'index.d.ts')]) {
      if (existsSync(candidate) && readDeep(candidate, seen)) return true;
    }
  }
  return false;
}

/**
 * Workspace source files of the program: the candidates and every workspace file they import
 * (ts-morph lists only the files added to it; the program has them all). `contains` pre-filters by text.
 */
export function programWorkspaceFiles(project: Project, contains?: string): SourceFile[] {
  const program = project.getProgram().compilerObject;
  let index = indexByProgram.get(program);
  if (index === undefined) {
    const files = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(sf.fileName) && !sf.fileName.startsWith(BUNDLED_ROOT));
    index = { files, byName: new Map() };
    indexByProgram.set(program, index);
  }
  const key = contains ?? '';
  let out = index.byName.get(key);
  if (out === undefined) {
    out = [];
    for (const sf of index.files) {
      if (contains !== undefined && !mentions(sf, contains)) continue;
      const wrapped = project.getSourceFile(sf.fileName);
      if (wrapped !== undefined) out.push(wrapped);
    }
    index.byName.set(key, out);
  }
  return [...out];
}

/**
 * Per program (a new one after every edit): its workspace files, and the answers per word. Rules
 * and extraction ask for the same words many times (every reference of an exported name).
 */
const indexByProgram = new WeakMap<ts.Program, { files: ts.SourceFile[]; byName: Map<string, SourceFile[]> }>();

/** Per (unchanged) source file, the identifier-like words of its text: an edit re-reads only the edited file. */
const wordsByFile = new WeakMap<ts.SourceFile, Set<string>>();

function mentions(sf: ts.SourceFile, name: string): boolean {
  let words = wordsByFile.get(sf);
  if (words === undefined) {
    words = new Set(sf.text.match(/[A-Za-z_$][\w$]*/g) ?? []);
    wordsByFile.set(sf, words);
  }
  return words.has(name);
}

const packageCache = new Map<string, boolean>();
/** True when the file belongs to the 'streamwise' package (installed, linked or bundled). */
export function isStreamwiseFile(sourceFile: SourceFile): boolean {
  const path = sourceFile.getFilePath();
  if (path.startsWith(BUNDLED_ROOT)) return true;
  return dirBelongsToStreamwise(dirname(path));
}

function dirBelongsToStreamwise(dir: string): boolean {
  const known = packageCache.get(dir);
  if (known !== undefined) return known;
  let result: boolean;
  const pkg = join(dir, 'package.json');
  if (existsSync(pkg) && statSync(pkg).isFile()) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
      result = typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'streamwise';
    } catch {
      result = false;
    }
  } else {
    const parent = dirname(dir);
    result = parent !== dir && dirBelongsToStreamwise(parent);
  }
  packageCache.set(dir, result);
  return result;
}

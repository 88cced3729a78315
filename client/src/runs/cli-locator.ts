// Which `streamwise` CLI a run uses: the workspace's own (the `streamwise-cli` package, or an older
// `streamwise` package that carried the bin itself, found from the topology file's folder upwards, as
// Node resolves it), else the one bundled with the extension. vscode-free.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';

export interface CliChoice {
  /** Absolute path of the CLI's JS entry. */
  cli: string;
  source: 'workspace' | 'bundled';
  /** The workspace package's version, when it is the workspace's. */
  version?: string;
  /** The package folder, when it is the workspace's. */
  packageDir?: string;
}

/** The CLI's own package first; `streamwise` itself shipped the bin before the package split. */
const CLI_PACKAGES = ['streamwise-cli', 'streamwise'] as const;

export function locateCli(fromDir: string, bundledCli: string): CliChoice {
  let dir = resolve(fromDir);
  const { root } = parse(dir);
  for (;;) {
    for (const name of CLI_PACKAGES) {
      const pkgDir = join(dir, 'node_modules', name);
      const found = binOf(pkgDir);
      if (found !== undefined) return { cli: found.cli, source: 'workspace', version: found.version, packageDir: pkgDir };
    }
    if (dir === root) break;
    dir = dirname(dir);
  }
  return { cli: bundledCli, source: 'bundled' };
}

function binOf(pkgDir: string): { cli: string; version: string } | undefined {
  const manifest = join(pkgDir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const bin: unknown = Reflect.get(pkg, 'bin');
  const rel = typeof bin === 'string' ? bin : typeof bin === 'object' && bin !== null ? Reflect.get(bin, 'streamwise') : undefined;
  if (typeof rel !== 'string') return undefined;
  const cli = resolve(pkgDir, rel);
  if (!existsSync(cli)) return undefined;
  const version: unknown = Reflect.get(pkg, 'version');
  return { cli, version: typeof version === 'string' ? version : 'unknown' };
}

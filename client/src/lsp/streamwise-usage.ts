// Does this workspace use Streamwise? Decides whether the language server starts for a TypeScript
// workspace, cheaply, so TypeScript users who do not use Streamwise pay (almost) nothing:
//   1. a streamwise.config.json anywhere (outside node_modules) -> yes;
//   2. a package.json (at most MAX_PACKAGE_JSONS) that depends on `streamwise` -> yes;
//   3. a sample of TypeScript sources (at most MAX_SOURCES files, the first MAX_SOURCE_BYTES of
//      each) that import or require `streamwise` or `streamwise/<sub>` -> yes;
// otherwise no, until a TypeScript document with such an import is opened.
// vscode-free: the probe is passed in (vscode's findFiles/fs in the extension, node fs in tests).

export const MAX_PACKAGE_JSONS = 20;
export const MAX_SOURCES = 200;
export const MAX_SOURCE_BYTES = 64 * 1024;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]streamwise(?:\/[\w.-]+)?['"]/;

export function importsStreamwise(text: string): boolean {
  return IMPORT.test(text);
}

export function dependsOnStreamwise(packageJsonText: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJsonText);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps: unknown = Reflect.get(parsed, field);
    if (typeof deps === 'object' && deps !== null && Object.hasOwn(deps, 'streamwise')) return true;
  }
  return false;
}

export interface UsageProbe {
  hasConfigFile(): Promise<boolean>;
  /** Texts of up to `limit` package.json files. */
  packageJsons(limit: number): Promise<string[]>;
  /** Up to `limit` TypeScript sources, each truncated to `maxBytes`, one at a time. */
  sources(limit: number, maxBytes: number): AsyncIterable<string>;
}

export type UsageReason = 'config file' | 'package.json dependency' | 'source import' | 'none';

export async function detectStreamwiseUsage(probe: UsageProbe): Promise<UsageReason> {
  if (await probe.hasConfigFile()) return 'config file';
  for (const text of await probe.packageJsons(MAX_PACKAGE_JSONS)) if (dependsOnStreamwise(text)) return 'package.json dependency';
  for await (const text of probe.sources(MAX_SOURCES, MAX_SOURCE_BYTES)) if (importsStreamwise(text)) return 'source import';
  return 'none';
}

// What the fixture workspaces promise, read from the files themselves (one truth for the in-host
// and the UI tests): `// expect: rule-id[, rule-id]` marks a line that must carry those findings.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface ExpectedFinding {
  /** Relative to the workspace root, with '/' separators. */
  file: string;
  /** 1-based. */
  line: number;
  rule: string;
}

export function compareFindings(a: ExpectedFinding, b: ExpectedFinding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}

export function expectedFindings(root: string): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
      else if (entry.name.endsWith('.ts')) {
        readFileSync(path, 'utf8').split('\n').forEach((text, index) => {
          const match = /\/\/ expect: ([\w-]+(?:, *[\w-]+)*)/.exec(text);
          for (const rule of match?.[1]?.split(',') ?? []) out.push({ file: relative(root, path).split('\\').join('/'), line: index + 1, rule: rule.trim() });
        });
      }
    }
  };
  walk(root);
  return out.sort(compareFindings);
}

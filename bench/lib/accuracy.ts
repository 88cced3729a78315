// Precision and recall of the analyzer on the production-style fixture workspaces: each expected
// finding is marked in the fixture's source with `// expect: <rule-id>` on the line it starts on.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { WorkspaceAnalyzer } from '../../server/src/analysis/workspace-analyzer';

/** The rules whose logic this measures (the five original rules and syntax-error). */
export const MEASURED_RULES = ['branch-order', 'uncaught-processor-throw', 'duplicate-application-id', 'thread-partition-mismatch', 'application-id-format', 'syntax-error'];

export interface FixtureScore {
  fixture: string; expected: string[]; found: string[]; truePositives: number; falsePositives: string[]; falseNegatives: string[];
  /** Expected findings marked `// known-miss: <rule>`: real bugs the analyzer does not find yet (counted as misses). */
  knownMisses: string[];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

export function scoreFixture(fixtureDir: string): FixtureScore {
  const root = mkdtempSync(join(tmpdir(), 'sw-accuracy-'));
  cpSync(fixtureDir, root, { recursive: true });
  const expected: string[] = [];
  const knownMisses: string[] = [];
  for (const file of sourceFiles(root)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      // `// expect: rule-a rule-b`: one expected finding per rule id listed.
      for (const m of line.matchAll(/\/\/ (expect|known-miss): ([a-z-]+(?:[ ,]+[a-z][a-z-]*-[a-z-]+)*)/g)) {
        for (const rule of m[2]?.split(/[ ,]+/) ?? []) {
          const key = `${relative(root, file)}:${i + 1} ${rule}`;
          expected.push(key);
          if (m[1] === 'known-miss') knownMisses.push(key);
        }
      }
    });
  }
  const findings = new WorkspaceAnalyzer(root).analyze().findings.filter((f) => MEASURED_RULES.includes(f.rule));
  const found = findings.map((f) => `${relative(root, f.file)}:${f.range.line} ${f.rule}`);
  const unmatched = [...expected];
  const falsePositives: string[] = [];
  let truePositives = 0;
  for (const key of found) {
    const i = unmatched.indexOf(key);
    if (i >= 0) {
      unmatched.splice(i, 1);
      truePositives += 1;
    } else falsePositives.push(`${key}: ${findings[found.indexOf(key)]?.message ?? ''}`);
  }
  return { fixture: relative(join(fixtureDir, '..'), fixtureDir), expected, found, truePositives, falsePositives, falseNegatives: unmatched, knownMisses };
}

export function scoreAll(fixturesRoot: string): { scores: FixtureScore[]; precision: number; recall: number } {
  const scores = readdirSync(fixturesRoot).sort().map((name) => scoreFixture(join(fixturesRoot, name)));
  const tp = scores.reduce((a, s) => a + s.truePositives, 0);
  const fp = scores.reduce((a, s) => a + s.falsePositives.length, 0);
  const fn = scores.reduce((a, s) => a + s.falseNegatives.length, 0);
  return { scores, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

// Precision and recall of `streamwise check`'s rules on the production-style fixture workspaces
// (test/fixtures/analyzer/production/*, expected findings marked `// expect: <rule>` in the code).
import { fileURLToPath } from 'node:url';
import { scoreAll } from './lib/accuracy';

const fixtures = fileURLToPath(new URL('../test/fixtures/analyzer/production', import.meta.url));
const { scores, precision, recall, perRule } = scoreAll(fixtures);
for (const s of scores) {
  console.log(`${s.fixture.padEnd(24)} expected ${s.expected.length}, found ${s.found.length}, true positives ${s.truePositives}`);
  for (const fp of s.falsePositives) console.log(`  false positive: ${fp}`);
  for (const fn of s.falseNegatives) console.log(`  missed: ${fn}`);
}
console.log('\nper rule (n/a: no finding expected or made):');
const ratio = (a: number, b: number): string => (b === 0 ? 'n/a  ' : (a / b).toFixed(3));
for (const r of perRule) {
  console.log(`  ${r.rule.padEnd(26)} precision ${ratio(r.truePositives, r.truePositives + r.falsePositives)}  recall ${ratio(r.truePositives, r.truePositives + r.falseNegatives)}  (tp ${r.truePositives}, fp ${r.falsePositives}, fn ${r.falseNegatives})`);
}
console.log(`\nprecision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} over ${scores.length} workspaces (target >= 0.95 each)`);

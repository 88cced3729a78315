// Incremental re-analysis: an edit re-scans the edited file and redoes only the topologies and app
// configs that depend on it, and gives the same findings as a cold analysis of the same text.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceAnalyzer, type Finding } from '../../../server/src/analysis/workspace-analyzer';
import { workspaceFrom } from '../rules/rule-tester';

const errorsFail = {
  debug: (): void => {},
  info: (): void => {},
  warn: (): void => {},
  error: (message: string): void => {
    throw new Error(`analyzer logged an error: ${message}`);
  },
};

function setUp(): { root: string; analyzer: WorkspaceAnalyzer; file(name: string): string } {
  const root = workspaceFrom('incremental');
  const analyzer = new WorkspaceAnalyzer(root, { logger: errorsFail });
  return { root, analyzer, file: (name) => join(root, 'src', name) };
}

const brief = (root: string, findings: Finding[]): string[] => findings.map((f) => `${f.file.slice(root.length + 1)}:${f.range.line} ${f.rule}`);

/** A fresh analyzer over the same text saved to disk: what the incremental result must equal. */
function cold(root: string, files: Record<string, string>): Finding[] {
  for (const [file, text] of Object.entries(files)) writeFileSync(file, text);
  return new WorkspaceAnalyzer(root, { logger: errorsFail }).analyze().findings;
}

test('the first analysis is a full one', () => {
  const { root, analyzer } = setUp();
  assert.deepEqual(brief(root, analyzer.analyze().findings), ['src/audit.ts:7 branch-order', 'src/audit.ts:11 thread-partition-mismatch']);
  assert.deepEqual(analyzer.lastStats, { full: true, filesScanned: 3, topologiesExtracted: 3, topologiesReused: 0, appConfigsResolved: 3, appConfigsReused: 0 });
});

test('an edit in one file re-analyses only that file: the other topologies and app configs are reused', () => {
  const { root, analyzer, file } = setUp();
  analyzer.analyze();
  const orders = file('orders.ts');
  const text = readFileSync(orders, 'utf8').replace("'orders-out'", "'orders-valid'");
  analyzer.setFileText(orders, text);
  const findings = analyzer.analyzeFile(orders);
  assert.deepEqual(findings, []);
  assert.deepEqual(analyzer.lastStats, { full: false, filesScanned: 1, topologiesExtracted: 1, topologiesReused: 2, appConfigsResolved: 1, appConfigsReused: 2 });
  assert.deepEqual(analyzer.analyze().findings, cold(root, { [orders]: text }));
  const sink = analyzer.analyze().topologies.flatMap((t) => t.model.subTopologies.flatMap((s) => s.nodes)).find((n) => n.kind === 'sink' && n.topic === 'orders-valid');
  assert.ok(sink, 'the edited topology is extracted again');
});

test('a cross-file finding (duplicate-application-id) updates when only one of the two files is edited', () => {
  const { root, analyzer, file } = setUp();
  assert.equal(analyzer.analyze().findings.filter((f) => f.rule === 'duplicate-application-id').length, 0);
  const payments = file('payments.ts');
  const original = readFileSync(payments, 'utf8');
  const clash = original.replace("applicationId: 'payments'", "applicationId: 'orders'");
  analyzer.setFileText(payments, clash);
  // The finding in the unedited orders.ts appears, though orders.ts was neither scanned nor re-extracted.
  assert.deepEqual(brief(root, analyzer.analyzeFile(file('orders.ts'))), ['src/orders.ts:6 duplicate-application-id']);
  assert.deepEqual(analyzer.lastStats, { full: false, filesScanned: 1, topologiesExtracted: 1, topologiesReused: 2, appConfigsResolved: 1, appConfigsReused: 2 });
  assert.deepEqual(brief(root, analyzer.analyzeFile(payments)), ['src/payments.ts:5 duplicate-application-id']);
  assert.deepEqual(analyzer.analyze().findings, cold(root, { [payments]: clash }));
  // Undoing the edit clears it in both files.
  analyzer.setFileText(payments, original);
  assert.deepEqual(analyzer.analyzeFile(file('orders.ts')), []);
  assert.deepEqual(analyzer.analyzeFile(payments), []);
  assert.equal(analyzer.lastStats.filesScanned, 1);
});

test('an edit in a file an app config imports re-resolves that config only', () => {
  const { root, analyzer, file } = setUp();
  analyzer.analyze();
  const ids = file('ids.ts');
  const text = readFileSync(ids, 'utf8').replace("'orders'", "'payments'");
  analyzer.setFileText(ids, text);
  const findings = analyzer.analyze().findings;
  assert.deepEqual(brief(root, findings.filter((f) => f.rule === 'duplicate-application-id')), ['src/orders.ts:6 duplicate-application-id', 'src/payments.ts:5 duplicate-application-id']);
  // ids.ts holds no topology code: nothing is scanned, only the orders app's config is resolved again.
  assert.deepEqual(analyzer.lastStats, { full: false, filesScanned: 0, topologiesExtracted: 0, topologiesReused: 3, appConfigsResolved: 1, appConfigsReused: 2 });
  assert.deepEqual(findings, cold(root, { [ids]: text }));
});

test('a config change keeps the topologies but recounts tasks against the new facts', () => {
  const { root, analyzer } = setUp();
  analyzer.analyze();
  analyzer.setLiveTopics({ 'audit-in': { partitions: 8 } });
  assert.deepEqual(brief(root, analyzer.analyze().findings), ['src/audit.ts:7 branch-order']);
  assert.equal(analyzer.lastStats.topologiesReused, 3);
  analyzer.setLiveTopics({ 'audit-in': { partitions: 2 } });
  const idle = analyzer.analyze().findings.find((f) => f.rule === 'thread-partition-mismatch');
  assert.match(idle?.message ?? '', /only 2 task\(s\)/);
});

test("an edit to the exception handler an app imports re-checks its topology's rules", () => {
  const root = workspaceFrom('incremental-handler');
  const analyzer = new WorkspaceAnalyzer(root, { logger: errorsFail });
  const handlers = join(root, 'src', 'handlers.ts');
  assert.deepEqual(analyzer.analyze().findings, [], "'continue' handles the JSON.parse throw");
  const fail = readFileSync(handlers, 'utf8').replace("'continue'", "'fail'");
  analyzer.setFileText(handlers, fail);
  assert.deepEqual(brief(root, analyzer.analyze().findings), ['src/parse.ts:5 uncaught-processor-throw']);
  assert.equal(analyzer.lastStats.topologiesExtracted, 0, 'the topology itself is reused');
  assert.deepEqual(analyzer.analyze().findings, cold(root, { [handlers]: fail }));
  analyzer.setFileText(handlers, readFileSync(handlers, 'utf8').replace("'fail'", "'continue'"));
  assert.deepEqual(analyzer.analyze().findings, []);
});

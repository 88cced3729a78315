import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProcessorNodeModel } from 'streamwise/model';
import { WorkspaceAnalyzer } from '../../../server/src/analysis/workspace-analyzer';
import { BUNDLED_ROOT, createWorkspaceProject } from '../../../server/src/analysis/project';
import { analyzeFixture, repoRoot, workspaceFrom } from '../rules/rule-tester';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

test('a clean realistic workspace (tsconfig, config with comments, cross-file helpers) has zero findings', () => {
  const { findings, analyzer } = analyzeFixture('clean-workspace');
  assert.deepEqual(findings, []);
  const result = analyzer.analyze();
  assert.deepEqual(result.configErrors, []);
  assert.deepEqual(result.fileErrors, []);
});

test('extraction: sub-topologies, stores, branch outlets, locations and resolved app config', () => {
  const { root, analyzer } = analyzeFixture('clean-workspace');
  const result = analyzer.analyze();
  assert.equal(result.topologies.length, 1);
  const topology = result.topologies[0];
  assert.ok(topology);
  assert.equal(topology.file, join(root, 'src/topology.ts'));
  assert.equal(topology.range.line, 36); // builder.build()
  const [main, repartition] = topology.model.subTopologies;
  assert.deepEqual(main?.sourceTopics.sort(), ['page-views', 'users']); // joined through the table's store
  assert.deepEqual(repartition?.sourceTopics, ['views-per-page-repartition']);
  assert.equal(topology.model.subTopologies.length, 2);
  assert.deepEqual(topology.model.stores.map((s) => s.name).sort(), ['users-store', 'views-per-page']);
  assert.ok(topology.model.internalTopics.includes('views-per-page-changelog'));
  const split = main?.nodes.find((n): n is ProcessorNodeModel => n.kind === 'processor' && n.operator === 'split');
  assert.ok(split?.branch);
  assert.deepEqual(split.branch.predicates.map((p) => [p.index, p.branchName, p.text]), [[0, 'views-bot', 'isBot']]);
  assert.equal(split.branch.hasDefault, true);
  assert.equal(split.branch.defaultOutlet, 'views-human');
  assert.equal(split.location?.line, 23);
  const sinks = topology.model.subTopologies.flatMap((s) => s.nodes).filter((n) => n.kind === 'sink' && n.internal !== true).map((n) => (n.kind === 'sink' ? n.topic : ''));
  assert.deepEqual(sinks.sort(), ['page-view-counts', 'page-views-bots', 'page-views-enriched']);
  // The groupBy written in a helper taking a stream parameter is part of the topology.
  assert.equal(repartition?.nodes.find((n) => n.kind === 'processor' && n.operator === 'count')?.location?.line, 8);
  assert.deepEqual(result.apps.map(({ topology: t, location, ...rest }) => ({ ...rest, hasTopology: t !== undefined, line: location?.line })), [
    { applicationId: 'page-view-enricher', numStreamThreads: 12, processingGuarantee: 'exactly_once_v2', hasTopology: true, line: 5 },
  ]);
});

test('nodeAt finds the operator under the cursor, with its sub-topology and position', () => {
  const { root, analyzer } = analyzeFixture('clean-workspace');
  const hit = analyzer.nodeAt(join(root, 'src/topology.ts'), 19, 7); // `.filter(` line
  assert.ok(hit);
  assert.equal(hit.node.kind === 'processor' ? hit.node.operator : hit.node.kind, 'filter');
  assert.equal(hit.subTopology, 0);
  assert.equal(hit.node.name, 'KSTREAM-FILTER-0000000004');
  assert.equal(analyzer.nodeAt(join(root, 'src/topology.ts'), 1, 1), undefined);
});

test('without tsconfig.json the folder is analysed as it is', () => {
  const root = workspaceFrom('clean-workspace');
  rmSync(join(root, 'tsconfig.json'));
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  const result = analyzer.analyze();
  assert.equal(result.topologies.length, 1);
  assert.equal(result.topologies[0]?.model.subTopologies.length, 2);
  assert.deepEqual(result.findings, []);
});

test("without node_modules, 'streamwise' maps to the bundled declarations", () => {
  const root = workspaceFrom('branch-order/invalid-always-true-first.ts');
  const ws = createWorkspaceProject(root, new Map(), silent);
  const sf = ws.project.getSourceFileOrThrow(join(root, 'src/invalid-always-true-first.ts'));
  const target = sf.getImportDeclarations()[0]?.getModuleSpecifierSourceFile()?.getFilePath() ?? '';
  assert.ok(target.startsWith(BUNDLED_ROOT), target);
});

test("with streamwise installed in node_modules, the installed declarations are used", () => {
  const root = workspaceFrom('branch-order/invalid-always-true-first.ts');
  const pkg = join(root, 'node_modules', 'streamwise');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'streamwise', version: '0.0.0', types: 'index.d.ts' }));
  writeFileSync(join(pkg, 'logger.d.ts'), 'export interface Logger { info(m: string): void }\n');
  writeFileSync(join(pkg, 'index.d.ts'), readFileSync(join(repoRoot, 'test/fixtures/analyzer/installed-streamwise/index.d.ts')));
  const ws = createWorkspaceProject(root, new Map(), silent);
  const sf = ws.project.getSourceFileOrThrow(join(root, 'src/invalid-always-true-first.ts'));
  assert.equal(sf.getImportDeclarations()[0]?.getModuleSpecifierSourceFile()?.getFilePath(), join(pkg, 'index.d.ts'));
  const findings = new WorkspaceAnalyzer(root, { logger: silent }).analyze().findings;
  assert.deepEqual(findings.map((f) => [f.rule, f.range.line]), [['branch-order', 7]]);
});

test('a syntax error in one file does not stop the analysis of the others', () => {
  const root = workspaceFrom('branch-order/invalid-always-true-first.ts');
  writeFileSync(join(root, 'src', 'broken.ts'), "import { StreamsBuilder } from 'streamwise';\nconst b = new StreamsBuilder(;\nb.stream('x').branch(() => true, () => false)\n");
  const result = new WorkspaceAnalyzer(root, { logger: silent }).analyze();
  assert.ok(result.fileErrors.some((e) => e.file === join(root, 'src', 'broken.ts') && e.line === 2), JSON.stringify(result.fileErrors));
  assert.ok(result.findings.some((f) => f.file.endsWith('invalid-always-true-first.ts') && f.rule === 'branch-order'));
});

test('setFileText overlays an unsaved buffer; analyzeFile sees it; dropping the overlay restores the file', () => {
  const root = workspaceFrom('branch-order/valid-catch-all-last.ts');
  const file = join(root, 'src', 'valid-catch-all-last.ts');
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  assert.deepEqual(analyzer.analyzeFile(file), []);
  const text = readFileSync(file, 'utf8').replace("(_k, v) => v.startsWith('ERROR'), () => true", "() => true, (_k, v) => v.startsWith('ERROR')");
  analyzer.setFileText(file, text);
  assert.deepEqual(analyzer.analyzeFile(file).map((f) => [f.rule, f.range.line]), [['branch-order', 6]]);
  analyzer.setFileText(file, undefined);
  assert.deepEqual(analyzer.analyzeFile(file), []);
});

test('a new file opened in the editor joins the analysis', () => {
  const root = workspaceFrom('branch-order/valid-catch-all-last.ts');
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  analyzer.analyze();
  const file = join(root, 'src', 'new.ts');
  analyzer.setFileText(file, "import { StreamsBuilder } from 'streamwise';\nconst b = new StreamsBuilder();\nb.stream('x').branch(() => true, () => true);\n");
  assert.deepEqual(analyzer.analyzeFile(file).filter((f) => f.rule === 'branch-order').map((f) => f.range.line), [3]);
});

test('a broken streamwise.config.json gives a specific error; reloadConfig picks up the fix', () => {
  const root = workspaceFrom('thread-partition-mismatch/scale-out.ts', { config: '{\n  "topics": { "webtoon-gw-logstash": { "partitions": 30 } }\n  "apps": {}\n}\n' });
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  assert.deepEqual(analyzer.analyze().configErrors, ['streamwise.config.json:3:3: invalid JSON: comma expected']);
  writeFileSync(join(root, 'streamwise.config.json'), '{ "topics": { "webtoon-gw-logstash": { "partitions": "thirty" } } }');
  analyzer.reloadConfig();
  assert.deepEqual(analyzer.analyze().configErrors, ['streamwise.config.json:1:54: topics."webtoon-gw-logstash".partitions must be a positive integer, got "thirty"']);
  writeFileSync(join(root, 'streamwise.config.json'), '{ "topics": { "webtoon-gw-logstash": { "partitions": 5 } } }');
  analyzer.reloadConfig();
  const result = analyzer.analyze();
  assert.deepEqual(result.configErrors, []);
  assert.equal(result.findings.filter((f) => f.rule === 'thread-partition-mismatch').length, 1);
});

test('cancellation returns without results and without throwing', () => {
  const root = workspaceFrom('clean-workspace');
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  let polls = 0;
  const result = analyzer.analyze(() => ++polls > 1);
  assert.deepEqual(result.topologies, []);
  assert.ok(polls > 1);
  assert.equal(analyzer.analyze().topologies.length, 1); // a cancelled run is not cached
});

test('half-written code never makes the analyzer throw', () => {
  const root = workspaceFrom('branch-order/valid-catch-all-last.ts');
  const file = join(root, 'src', 'valid-catch-all-last.ts');
  const errors: string[] = [];
  const analyzer = new WorkspaceAnalyzer(root, { logger: { ...silent, error: (m: string) => errors.push(m) } });
  const fragments = ['new StreamsBuilder().stream(', 'builder.stream("x").branch(,', '}}}{{{', 'const [a, ...rest] = builder.stream("x").branch(...preds);', 'builder.stream(`${'];
  for (const fragment of fragments) {
    analyzer.setFileText(file, `${readFileSync(file, 'utf8')}\n${fragment}\n`);
    analyzer.analyze();
  }
  assert.deepEqual(errors, []);
});

test('incremental: editing a file another topology depends on re-analyses that topology', () => {
  const root = workspaceFrom('branch-order/cross-file');
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  const topology = join(root, 'src', 'topology.ts');
  const predicates = join(root, 'src', 'predicates.ts');
  assert.deepEqual(analyzer.analyzeFile(topology).map((f) => f.range.line), [5]);
  const original = readFileSync(predicates, 'utf8');
  analyzer.setFileText(predicates, original.replace("_value: string): boolean => true", "value: string): boolean => value !== ''"));
  assert.deepEqual(analyzer.analyzeFile(topology).map((f) => f.message), ['No default branch: records matching none of the 2 predicate(s) are dropped silently.']);
  analyzer.setFileText(predicates, undefined);
  assert.deepEqual(analyzer.analyzeFile(topology).map((f) => f.range.line), [5]);
});

test('incremental: a new file that runs an existing topology joins it to an app', () => {
  const root = workspaceFrom('duplicate-application-id/same-topology');
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  assert.deepEqual(analyzer.analyze().findings, []);
  const file = join(root, 'src', 'other.ts');
  analyzer.setFileText(file, "import { StreamsBuilder, KafkaStreams } from 'streamwise';\nimport { buildTopology } from './topology';\nconst b = new StreamsBuilder();\nb.stream('x').to('y');\nexport const other = new KafkaStreams(b.build(), { applicationId: 'scaled' });\nexport const again = new KafkaStreams(buildTopology(), { applicationId: 'again' });\n");
  const result = analyzer.analyze();
  assert.deepEqual(result.findings.filter((f) => f.rule === 'duplicate-application-id').map((f) => [f.file.slice(root.length + 1), f.range.line]), [
    ['src/instances.ts', 5], ['src/instances.ts', 6], ['src/other.ts', 5],
  ]);
  assert.ok(result.apps.some((a) => a.applicationId === 'again' && a.topology !== undefined));
});

test('a reassigned variable is not followed (no guessed edges)', () => {
  const root = workspaceFrom('branch-order/valid-catch-all-last.ts');
  const file = join(root, 'src', 'valid-catch-all-last.ts');
  const analyzer = new WorkspaceAnalyzer(root, { logger: silent });
  analyzer.setFileText(file, "import { StreamsBuilder } from 'streamwise';\nconst builder = new StreamsBuilder();\nlet s = builder.stream<string, string>('in');\ns = s.filter((_k, v) => v !== '');\ns.to('out');\nexport const topology = builder.build();\n");
  const nodes = analyzer.analyze().topologies[0]?.model.subTopologies.flatMap((st) => st.nodes) ?? [];
  const source = nodes.find((n) => n.kind === 'source');
  assert.ok(source);
  assert.deepEqual(source.successors, []);
});

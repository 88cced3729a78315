// Generates a realistic 400-file TypeScript workspace for the analyzer benchmark: utility modules
// (no streamwise), topology modules (StreamsBuilder chains with helpers across files) and app modules.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedWorkspace { root: string; topologyFiles: string[] }

/**
 * `shape` 'mixed': 75% utility modules, 20% topology modules, 5% app modules. 'topologies': every
 * file is a topology module (the analyzer's worst case: each one is extracted and checked).
 */
export function generateWorkspace(root: string, runtimeDir: string, files = 400, withApps = true, shape: 'mixed' | 'topologies' = 'mixed'): GeneratedWorkspace {
  if (shape === 'topologies') return generateTopologyWorkspace(root, runtimeDir, files);
  const utils = Math.round(files * 0.75);
  const topologies = Math.round(files * 0.2);
  const apps = files - utils - topologies;
  mkdirSync(join(root, 'src', 'util'), { recursive: true });
  mkdirSync(join(root, 'src', 'topology'), { recursive: true });
  mkdirSync(join(root, 'src', 'app'), { recursive: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(runtimeDir, join(root, 'node_modules', 'streamwise'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ['src'],
  }, null, 2));
  writeFileSync(join(root, 'streamwise.config.json'), JSON.stringify({ topics: { 'events-0': { partitions: 12 } }, apps: {} }));
  for (let i = 0; i < utils; i++) writeFileSync(join(root, 'src', 'util', `util-${i}.ts`), utilModule(i));
  const topologyFiles: string[] = [];
  for (let i = 0; i < topologies; i++) {
    const file = join(root, 'src', 'topology', `topology-${i}.ts`);
    writeFileSync(file, topologyModule(i, utils));
    topologyFiles.push(file);
  }
  for (let i = 0; i < apps; i++) writeFileSync(join(root, 'src', 'app', `app-${i}.ts`), appModule(i, topologies, withApps));
  return { root, topologyFiles };
}

function utilModule(i: number): string {
  const dep = i > 0 ? `import { normalize${i - 1}, type Record${i - 1} } from './util-${i - 1}';\n` : '';
  return `${dep}
export interface Record${i} {
  id: string;
  region: 'eu' | 'us' | 'apac';
  amount: number;
  tags: readonly string[];
  nested: { createdAt: number; updatedAt?: number; owner: { name: string; team: string } };
}

export type Summary${i} = Pick<Record${i}, 'id' | 'region'> & { total: number };

export function normalize${i}(input: string): string {
  return input.trim().toLowerCase().replace(/\\s+/g, '-')${i > 0 ? `.concat(normalize${i - 1}(''))` : ''};
}

export function summarize${i}(records: readonly Record${i}[]): Summary${i}[] {
  const byRegion = new Map<string, Summary${i}>();
  for (const r of records) {
    const key = \`\${r.region}:\${r.id}\`;
    const current = byRegion.get(key) ?? { id: r.id, region: r.region, total: 0 };
    current.total += r.amount * (r.tags.includes('vip') ? 2 : 1);
    byRegion.set(key, current);
  }
  return [...byRegion.values()].sort((a, b) => b.total - a.total);
}

export class Cache${i}<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  constructor(private readonly ttlMs: number) {}
  get(key: K, now: number): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined || e.expires < now) return undefined;
    return e.value;
  }
  set(key: K, value: V, now: number): void {
    this.entries.set(key, { value, expires: now + this.ttlMs });
  }
  size(): number {
    return this.entries.size;
  }
}

export function isValid${i}(value: string): boolean {
  return value.length > ${i % 7} && !value.startsWith('#');
}
${i > 0 ? `export function convert${i}(r: Record${i - 1}): Record${i} {\n  return { ...r, id: normalize${i - 1}(r.id) };\n}\n` : ''}`;
}

function topologyModule(i: number, utils: number): string {
  const u = (i * 7) % utils;
  const v = (i * 13 + 5) % utils;
  return `import { StreamsBuilder, type KStream } from 'streamwise';
import { isValid${u}, normalize${u} } from '../util/util-${u}';
import { isValid${v} } from '../util/util-${v}';

const TOPIC = \`events-\${${i % 5}}\`;

function enrich(stream: KStream<string, string>): KStream<string, string> {
  return stream.mapValues((value) => normalize${u}(value)).filter((_k, value) => isValid${v}(value));
}

export function buildTopology${i}() {
  const builder = new StreamsBuilder();
  const source = enrich(builder.stream<string, string>(TOPIC).filter((_k, v) => isValid${u}(v)));
  source
    .split({ name: 'route-${i}-' })
    .branch((_k, v) => v.startsWith('a'), { name: 'a', withConsumer: (s) => s.to('out-a-${i}') })
    .branch((_k, v) => v.startsWith('b'), { name: 'b', withConsumer: (s) => s.to('out-b-${i}') })
    .defaultBranch({ name: 'rest', withConsumer: (s) => s.to('out-rest-${i}') });
  source.groupBy((_k, v) => v.slice(0, 3)).count({ name: 'counts-${i}' }).toStream().to('counts-${i}');
  return builder.build();
}
`;
}

function appModule(i: number, topologies: number, withApps: boolean): string {
  const t = i % topologies;
  if (!withApps) return `import { buildTopology${t} } from '../topology/topology-${t}';\nexport const topology${i} = buildTopology${t}();\n`;
  return `import { KafkaStreams } from 'streamwise';
import { buildTopology${t} } from '../topology/topology-${t}';

export const app${i} = new KafkaStreams(buildTopology${t}(), {
  applicationId: 'bench-app-${i}',
  numStreamThreads: ${1 + (i % 4)},
});
`;
}

/** Every file a topology module: a service class, a parser, a builder and an app, importing a helper from a neighbour. */
function generateTopologyWorkspace(root: string, runtimeDir: string, files: number): GeneratedWorkspace {
  mkdirSync(join(root, 'src', 'topology'), { recursive: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(runtimeDir, join(root, 'node_modules', 'streamwise'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ['src'],
  }, null, 2));
  const topics: Record<string, { partitions: number }> = {};
  for (let i = 0; i < 5; i++) topics[`events-${i}`] = { partitions: 12 };
  writeFileSync(join(root, 'streamwise.config.json'), JSON.stringify({ topics, apps: {} }));
  const topologyFiles: string[] = [];
  for (let i = 0; i < files; i++) {
    const file = join(root, 'src', 'topology', `topology-${i}.ts`);
    writeFileSync(file, onlyTopologyModule(i));
    topologyFiles.push(file);
  }
  return { root, topologyFiles };
}

function onlyTopologyModule(i: number): string {
  const neighbour = i > 0 ? `import { isValid${i - 1} } from './topology-${i - 1}';\n` : '';
  const check = i > 0 ? `isValid${i - 1}(value) && ` : '';
  return `import { KafkaStreams, StreamsBuilder, type KStream } from 'streamwise';
${neighbour}
export interface Order${i} { id: string; region: 'eu' | 'us' | 'apac'; amount: number; tags: readonly string[] }

const TOPIC = \`events-\${${i % 5}}\`;

export function isValid${i}(value: string): boolean {
  return ${check}value.length > ${i % 7} && !value.startsWith('#');
}

export class OrderParser${i} {
  parse(raw: string): Order${i} | undefined {
    try {
      const parsed = JSON.parse(raw) as Partial<Order${i}>;
      return typeof parsed.id === 'string' ? { id: parsed.id, region: parsed.region ?? 'eu', amount: parsed.amount ?? 0, tags: parsed.tags ?? [] } : undefined;
    } catch {
      return undefined;
    }
  }
}

class Totals${i} {
  private readonly byRegion = new Map<string, number>();
  add(order: Order${i}): number {
    const next = (this.byRegion.get(order.region) ?? 0) + order.amount * (order.tags.includes('vip') ? 2 : 1);
    this.byRegion.set(order.region, next);
    return next;
  }
}

function enrich(stream: KStream<string, string>, parser: OrderParser${i}): KStream<string, string> {
  return stream.filter((_k, value) => ${check}value.length > 0).mapValues((value) => JSON.stringify(parser.parse(value) ?? {}));
}

export function buildTopology${i}() {
  const builder = new StreamsBuilder();
  const totals = new Totals${i}();
  const source = enrich(builder.stream<string, string>(TOPIC), new OrderParser${i}());
  source
    .split({ name: 'route-${i}-' })
    .branch((_k, v) => v.startsWith('a'), { name: 'a', withConsumer: (s) => s.to('out-a-${i}') })
    .branch((_k, v) => v.startsWith('b'), { name: 'b', withConsumer: (s) => s.to('out-b-${i}') })
    .defaultBranch({ name: 'rest', withConsumer: (s) => s.to('out-rest-${i}') });
  source.mapValues((v) => String(totals.add({ id: v, region: 'eu', amount: v.length, tags: [] }))).to('totals-${i}');
  source.groupBy((_k, v) => v.slice(0, 3)).count({ name: 'counts-${i}' }).toStream().to('counts-${i}');
  return builder.build();
}

export default new KafkaStreams(buildTopology${i}(), {
  applicationId: 'bench-topology-${i}',
  numStreamThreads: ${1 + (i % 4)},
  processingExceptionHandler: 'continue',
});
`;
}

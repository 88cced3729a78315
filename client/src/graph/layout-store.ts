// Layouts kept on disk (the extension's global storage), keyed by structure hash: a topology laid
// out in an earlier session opens without waiting for ELK. Bounded; a bad file is a miss.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphLayout } from './graph-model';

export interface LayoutStore {
  read(key: string): GraphLayout | undefined;
  write(key: string, layout: GraphLayout): void;
}

/** A folder of `<key>.json` files, at most `limit` of them (oldest removed first). */
export class FileLayoutStore implements LayoutStore {
  constructor(private readonly dir: string, private readonly limit = 64, private readonly log?: { warn(m: string): void }) {}

  read(key: string): GraphLayout | undefined {
    if (!/^[0-9a-f]{40}$/.test(key)) return undefined;
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8'));
      return isLayout(parsed) ? parsed : undefined;
    } catch {
      return undefined; // not there (or unreadable): ELK lays it out again
    }
  }

  write(key: string, layout: GraphLayout): void {
    if (!/^[0-9a-f]{40}$/.test(key) || layout.engine !== 'elk') return;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(join(this.dir, `${key}.json`), JSON.stringify(layout));
      this.prune(`${key}.json`);
    } catch (e) {
      this.log?.warn(`graph layout cache: could not write ${key}: ${String(e)}`);
    }
  }

  /** Writes are rare (one per ELK layout of a new structure), so every write prunes; `keep` always stays. */
  private prune(keep: string): void {
    const files = readdirSync(this.dir).filter((f) => f.endsWith('.json') && f !== keep).map((f) => ({ f, t: statSync(join(this.dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const { f } of files.slice(this.limit - 1)) rmSync(join(this.dir, f), { force: true });
  }
}

function isLayout(v: unknown): v is GraphLayout {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return l.engine === 'elk' && typeof l.width === 'number' && typeof l.height === 'number'
    && [l.nodes, l.ports, l.groups, l.edges].every((x) => typeof x === 'object' && x !== null);
}

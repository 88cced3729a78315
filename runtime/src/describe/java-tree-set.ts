// java.util.TreeSet (a red-black TreeMap) with a comparator evaluated at insertion time.
// Kafka's describe() inserts nodes into TreeSets ordered by sub-tree size while those sizes are
// still growing, so the printed order depends on the exact tree shape: emulate it faithfully.

interface Entry<T> {
  key: T;
  left: Entry<T> | null;
  right: Entry<T> | null;
  parent: Entry<T> | null;
  black: boolean;
}

export class JavaTreeSet<T> {
  private root: Entry<T> | null = null;
  constructor(private readonly compare: (a: T, b: T) => number) {}

  add(key: T): void {
    let t = this.root;
    if (t === null) {
      this.root = { key, left: null, right: null, parent: null, black: true };
      return;
    }
    let parent: Entry<T>;
    let cmp: number;
    do {
      parent = t;
      cmp = this.compare(key, t.key);
      if (cmp < 0) t = t.left;
      else if (cmp > 0) t = t.right;
      else return;
    } while (t !== null);
    const e: Entry<T> = { key, left: null, right: null, parent, black: false };
    if (cmp < 0) parent.left = e;
    else parent.right = e;
    this.fixAfterInsertion(e);
  }

  /** In-order iteration, as Java iterates a TreeSet. */
  toArray(): T[] {
    const out: T[] = [];
    const walk = (e: Entry<T> | null): void => {
      if (e === null) return;
      walk(e.left);
      out.push(e.key);
      walk(e.right);
    };
    walk(this.root);
    return out;
  }

  private fixAfterInsertion(start: Entry<T>): void {
    let x: Entry<T> | null = start;
    x.black = false;
    while (x !== null && x !== this.root && x.parent !== null && !x.parent.black) {
      const p: Entry<T> = x.parent;
      const g = p.parent;
      if (p === left(g)) {
        const y = right(g);
        if (!isBlack(y)) {
          setBlack(p, true);
          setBlack(y, true);
          setBlack(g, false);
          x = g;
        } else {
          if (x === p.right) {
            x = p;
            this.rotateLeft(x);
          }
          setBlack(parent(x), true);
          setBlack(parent(parent(x)), false);
          this.rotateRight(parent(parent(x)));
        }
      } else {
        const y = left(g);
        if (!isBlack(y)) {
          setBlack(p, true);
          setBlack(y, true);
          setBlack(g, false);
          x = g;
        } else {
          if (x === p.left) {
            x = p;
            this.rotateRight(x);
          }
          setBlack(parent(x), true);
          setBlack(parent(parent(x)), false);
          this.rotateLeft(parent(parent(x)));
        }
      }
    }
    if (this.root !== null) this.root.black = true;
  }

  private rotateLeft(p: Entry<T> | null): void {
    if (p === null || p.right === null) return;
    const r = p.right;
    p.right = r.left;
    if (r.left !== null) r.left.parent = p;
    r.parent = p.parent;
    if (p.parent === null) this.root = r;
    else if (p.parent.left === p) p.parent.left = r;
    else p.parent.right = r;
    r.left = p;
    p.parent = r;
  }

  private rotateRight(p: Entry<T> | null): void {
    if (p === null || p.left === null) return;
    const l = p.left;
    p.left = l.right;
    if (l.right !== null) l.right.parent = p;
    l.parent = p.parent;
    if (p.parent === null) this.root = l;
    else if (p.parent.right === p) p.parent.right = l;
    else p.parent.left = l;
    l.right = p;
    p.parent = l;
  }
}

function parent<T>(e: Entry<T> | null): Entry<T> | null {
  return e === null ? null : e.parent;
}
function left<T>(e: Entry<T> | null): Entry<T> | null {
  return e === null ? null : e.left;
}
function right<T>(e: Entry<T> | null): Entry<T> | null {
  return e === null ? null : e.right;
}
function isBlack<T>(e: Entry<T> | null): boolean {
  return e === null ? true : e.black;
}
function setBlack<T>(e: Entry<T> | null, black: boolean): void {
  if (e !== null) e.black = black;
}

// Java's HashSet iteration order for strings: Kafka prints source topic sets in that order.

function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Order of `new HashSet<>(list)` iteration in Java 8+ (no treeified buckets: small sets only). */
export function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  let capacity = 1;
  const wanted = Math.max(Math.floor(unique.length / 0.75) + 1, 16);
  while (capacity < wanted) capacity *= 2;
  const buckets = new Map<number, string[]>();
  for (const item of unique) {
    const h = javaStringHash(item);
    const index = (h ^ (h >>> 16)) & (capacity - 1);
    const bucket = buckets.get(index);
    if (bucket === undefined) buckets.set(index, [item]);
    else bucket.push(item);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, list]) => list);
}

// Java's HashSet/HashMap iteration order for strings: Kafka's describe() walks such sets.

function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function orderWithCapacity(unique: readonly string[], capacity: number): string[] {
  const buckets = new Map<number, string[]>();
  for (const item of unique) {
    const h = javaStringHash(item);
    const index = (h ^ (h >>> 16)) & (capacity - 1);
    const bucket = buckets.get(index);
    if (bucket === undefined) buckets.set(index, [item]);
    else bucket.push(item);
  }
  // Buckets in index order; inside a bucket, insertion order (resizes keep it).
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, list]) => list);
}

/** Iteration order of `new HashSet<>(collection)` (capacity sized from the collection). */
export function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  const wanted = Math.max(Math.floor(unique.length / 0.75) + 1, 16);
  let capacity = 1;
  while (capacity < wanted) capacity *= 2;
  return orderWithCapacity(unique, capacity);
}

/** Iteration order of a `new HashSet<>()` / `new HashMap<>()` filled one element at a time. */
export function javaIncrementalHashOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  return orderWithCapacity(unique, capacity);
}

/**
 * Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985), written out
 * from its textbook formula so it checks the grouping independently: 1 for identical partitions,
 * about 0 for a random one. Items a labeling leaves out (null) each count as their own singleton.
 */
export function adjustedRandIndex(
  truth: readonly string[],
  found: readonly (string | null)[],
): number {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  truth.forEach((t, i) => {
    const f = found[i] ?? `singleton:${i}`;
    const cell = `${t}\u0000${f}`;
    table.set(cell, (table.get(cell) ?? 0) + 1);
    rows.set(t, (rows.get(t) ?? 0) + 1);
    cols.set(f, (cols.get(f) ?? 0) + 1);
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + pairs(n), 0);
  const index = sum(table);
  const rowSum = sum(rows);
  const colSum = sum(cols);
  const expected = (rowSum * colSum) / pairs(truth.length);
  const max = (rowSum + colSum) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

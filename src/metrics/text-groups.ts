import { normaliseText } from './text-normalize.js';
import { buildTfIdf, type SparseVector } from './text-vectors.js';

/** One ticket's text for grouping: its subject and first customer message, joined by the caller. */
export interface TextDocument {
  id: string;
  text: string;
}

/** A recurring problem: documents about the same thing, named by its top terms. */
export interface TextGroup {
  /** Derived from the top terms, so the same problem keeps its id from one run to the next. */
  id: string;
  /** The group's heaviest terms (readable words), heaviest first. */
  terms: string[];
  /** Member ids in input order. */
  memberIds: string[];
  /** The members closest to the group's centre, closest first. */
  exampleIds: string[];
}

export interface TextGrouping {
  /** Largest first; equal sizes by id. */
  groups: TextGroup[];
  /** Group id of each document; null when it resembles no group (too short, or one of a kind). */
  groupOf: Map<string, string | null>;
}

export interface GroupingOptions {
  /** Cosine to a group's centre at or above which the first pass adds a document to it. */
  joinSimilarity: number;
  /** Cosine below which a document stays outside every group in the refinement passes. */
  attachSimilarity: number;
  /** Cosine between two groups' centres at or above which they are one problem. */
  mergeSimilarity: number;
  /** Groups smaller than this are dissolved; the default grows with the corpus (see below). */
  minGroupSize?: number;
  refinePasses: number;
  /** How many top terms label a group (the id uses the first three). */
  labelTerms: number;
  examples: number;
}

/** Tuned on the simulator's known problems (en and it, paraphrased and noisy): see the tests. */
export const DEFAULT_GROUPING: GroupingOptions = {
  joinSimilarity: 0.25,
  attachSimilarity: 0.1,
  mergeSimilarity: 0.3,
  refinePasses: 4,
  labelTerms: 5,
  examples: 3,
};

/** A group's running sum of member vectors; cosine to it is dot / norm. */
class Centre {
  readonly sum: Float64Array;
  normSquared = 0;
  size = 0;
  constructor(dimensions: number) {
    this.sum = new Float64Array(dimensions);
  }
  dot(v: SparseVector): number {
    let dot = 0;
    v.indices.forEach((i, k) => (dot += (this.sum[i] ?? 0) * (v.weights[k] ?? 0)));
    return dot;
  }
  similarity(v: SparseVector): number {
    return this.normSquared > 0 ? this.dot(v) / Math.sqrt(this.normSquared) : 0;
  }
  add(v: SparseVector): void {
    // |s + v|² = |s|² + 2 s·v + |v|², and |v| = 1 for every non-empty vector.
    this.normSquared += 2 * this.dot(v) + 1;
    v.indices.forEach((i, k) => (this.sum[i] = (this.sum[i] ?? 0) + (v.weights[k] ?? 0)));
    this.size += 1;
  }
}

/**
 * Groups documents by TF-IDF cosine similarity, deterministically: the same input (in the same
 * order: callers pass oldest first) always gives the same groups and ids. A leader pass seeds
 * groups in input order, refinement passes move each document to its nearest sizeable centre (as
 * k-means does, so the seeding order stops mattering much), groups whose centres nearly coincide
 * are merged, and tiny groups are dissolved. New tickets arrive at the end of the order, so they
 * join existing groups rather than reshuffle them, and ids come from content (top terms), not
 * from positions.
 */
export function groupTexts(
  docs: readonly TextDocument[],
  options: GroupingOptions = DEFAULT_GROUPING,
): TextGrouping {
  const model = buildTfIdf(docs.map((d) => normaliseText(d.text)));
  const vectors = model.vectors;
  // Below ~0.2 % of the corpus a "recurring" problem is noise; never below 3 tickets.
  const minSize = options.minGroupSize ?? Math.max(3, Math.ceil(docs.length * 0.002));
  let assignment = leaderPass(vectors, model.terms.length, options.joinSimilarity);
  for (let pass = 0; pass < options.refinePasses; pass += 1) {
    const centres = centresOf(vectors, assignment, model.terms.length, minSize);
    const next = nearest(vectors, centres, options.attachSimilarity);
    const changed = next.some((g, i) => g !== assignment[i]);
    assignment = next;
    if (!changed) break;
  }
  assignment = mergeClose(vectors, assignment, model.terms.length, options, minSize);
  return describe(docs, vectors, assignment, model.terms.length, model.labels, options, minSize);
}

function leaderPass(vectors: readonly SparseVector[], dims: number, join: number): number[] {
  const centres: Centre[] = [];
  return vectors.map((v) => {
    if (v.indices.length === 0) return -1;
    let best = -1;
    let bestSimilarity = join;
    centres.forEach((c, g) => {
      const s = c.similarity(v);
      if (s >= bestSimilarity && (best === -1 || s > bestSimilarity)) {
        best = g;
        bestSimilarity = s;
      }
    });
    if (best === -1) {
      best = centres.length;
      centres.push(new Centre(dims));
    }
    centres[best]?.add(v);
    return best;
  });
}

/** Centres of the groups with at least `minSize` members; smaller groups get none (dissolved). */
function centresOf(
  vectors: readonly SparseVector[],
  assignment: readonly number[],
  dims: number,
  minSize: number,
): Map<number, Centre> {
  const sizes = new Map<number, number>();
  for (const g of assignment) if (g >= 0) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const centres = new Map<number, Centre>();
  assignment.forEach((g, i) => {
    const v = vectors[i];
    if (g < 0 || v === undefined || (sizes.get(g) ?? 0) < minSize) return;
    const centre = centres.get(g) ?? new Centre(dims);
    centre.add(v);
    centres.set(g, centre);
  });
  return centres;
}

function nearest(
  vectors: readonly SparseVector[],
  centres: Map<number, Centre>,
  attach: number,
): number[] {
  // Map order is insertion order, i.e. ascending first member: ties go to the older group.
  return vectors.map((v) => {
    let best = -1;
    let bestSimilarity = attach;
    for (const [g, c] of centres) {
      const s = c.similarity(v);
      if (s > bestSimilarity || (best === -1 && s >= bestSimilarity)) {
        best = g;
        bestSimilarity = s;
      }
    }
    return best;
  });
}

function mergeClose(
  vectors: readonly SparseVector[],
  assignment: number[],
  dims: number,
  options: GroupingOptions,
  minSize: number,
): number[] {
  const centres = [...centresOf(vectors, assignment, dims, minSize)];
  const root = new Map(centres.map(([g]) => [g, g]));
  const find = (g: number): number => {
    let r = g;
    while (root.get(r) !== r) r = root.get(r) ?? r;
    return r;
  };
  for (let a = 0; a < centres.length; a += 1) {
    for (let b = a + 1; b < centres.length; b += 1) {
      const [ga, ca] = centres[a] as [number, Centre];
      const [gb, cb] = centres[b] as [number, Centre];
      if (cosineOfCentres(ca, cb) >= options.mergeSimilarity) root.set(find(gb), find(ga));
    }
  }
  const merged = assignment.map((g) => (root.has(g) ? find(g) : -1));
  return nearest(vectors, centresOf(vectors, merged, dims, minSize), options.attachSimilarity);
}

function cosineOfCentres(a: Centre, b: Centre): number {
  let dot = 0;
  a.sum.forEach((x, i) => (dot += x * (b.sum[i] ?? 0)));
  const norm = Math.sqrt(a.normSquared * b.normSquared);
  return norm > 0 ? dot / norm : 0;
}

function describe(
  docs: readonly TextDocument[],
  vectors: readonly SparseVector[],
  assignment: readonly number[],
  dims: number,
  labels: readonly string[],
  options: GroupingOptions,
  minSize: number,
): TextGrouping {
  const centres = centresOf(vectors, assignment, dims, minSize);
  const groups: TextGroup[] = [];
  const idOfIndex = new Map<number, string>();
  const used = new Set<string>();
  for (const [g, centre] of centres) {
    const top = [...centre.sum.keys()]
      .filter((i) => (centre.sum[i] ?? 0) > 0)
      .sort((a, b) => (centre.sum[b] ?? 0) - (centre.sum[a] ?? 0) || a - b)
      .slice(0, options.labelTerms);
    const terms = top.map((i) => labels[i] ?? String(i));
    let id = `p-${fnv1a([...terms.slice(0, 3)].sort().join(' '))}`;
    for (let n = 2; used.has(id); n += 1) id = `${id.split('~')[0] ?? id}~${n}`;
    used.add(id);
    idOfIndex.set(g, id);
    const members = docs.flatMap((_, i) => (assignment[i] === g ? [i] : []));
    const examples = members
      .map((i) => ({ i, s: centre.similarity(vectors[i] ?? EMPTY) }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, options.examples)
      .map((e) => docs[e.i]?.id ?? '');
    const memberIds = members.map((i) => docs[i]?.id ?? '');
    groups.push({ id, terms, memberIds, exampleIds: examples });
  }
  groups.sort((a, b) => b.memberIds.length - a.memberIds.length || a.id.localeCompare(b.id));
  const groupOf = new Map(docs.map((d, i) => [d.id, idOfIndex.get(assignment[i] ?? -1) ?? null]));
  return { groups, groupOf };
}

const EMPTY: SparseVector = { indices: [], weights: [] };

/** 32-bit FNV-1a, hex: a short stable name for a set of terms (not a security hash). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

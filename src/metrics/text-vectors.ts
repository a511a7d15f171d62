import type { NormalisedText } from './text-normalize.js';

/** A unit-length sparse TF-IDF vector: term indices (ascending) and their weights. */
export interface SparseVector {
  indices: number[];
  weights: number[];
}

/** The vectors of a corpus and the vocabulary their indices point into. */
export interface TfIdfModel {
  /** Term of each index. */
  terms: string[];
  /** Most frequent folded word of each term (ties: alphabetical), for readable labels. */
  labels: string[];
  vectors: SparseVector[];
}

/**
 * TF-IDF over a corpus: sublinear term frequency (1 + ln tf) so a word repeated in one message
 * does not dominate, smoothed idf ln((1 + N) / (1 + df)) + 1, unit length so a dot product is the
 * cosine. Terms in fewer than `minDocFrequency` documents are left out: typos, names and ids
 * occur once and only add noise to the similarity.
 */
export function buildTfIdf(docs: readonly NormalisedText[], minDocFrequency = 2): TfIdfModel {
  const docFrequency = new Map<string, number>();
  const wordCounts = new Map<string, Map<string, number>>();
  for (const doc of docs) {
    for (const term of new Set(doc.terms))
      docFrequency.set(term, (docFrequency.get(term) ?? 0) + 1);
    doc.terms.forEach((term, i) => {
      const word = doc.words[i] ?? term;
      const counts = wordCounts.get(term) ?? new Map<string, number>();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      wordCounts.set(term, counts);
    });
  }
  // Sorted so that indices, and every tie broken by index downstream, do not depend on input order.
  const terms = [...docFrequency]
    .filter(([, df]) => df >= minDocFrequency)
    .map(([term]) => term)
    .sort();
  const index = new Map(terms.map((term, i) => [term, i]));
  const idf = terms.map(
    (term) => Math.log((1 + docs.length) / (1 + (docFrequency.get(term) ?? 0))) + 1,
  );
  const labels = terms.map((term) => mostFrequentWord(wordCounts.get(term)) ?? term);
  const vectors = docs.map((doc) => {
    const tf = new Map<number, number>();
    for (const term of doc.terms) {
      const i = index.get(term);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const indices = [...tf.keys()].sort((a, b) => a - b);
    const weights = indices.map((i) => (1 + Math.log(tf.get(i) ?? 1)) * (idf[i] ?? 0));
    const norm = Math.hypot(...weights);
    return { indices, weights: norm > 0 ? weights.map((w) => w / norm) : weights };
  });
  return { terms, labels, vectors };
}

function mostFrequentWord(counts: Map<string, number> | undefined): string | undefined {
  if (counts === undefined) return undefined;
  let best: string | undefined;
  let bestCount = 0;
  for (const [word, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && word < best)) {
      best = word;
      bestCount = count;
    }
  }
  return best;
}

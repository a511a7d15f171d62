import { conceptOfWord, GLOSSARY, phraseAt } from './text-concepts.js';
import { STOP_WORDS, type TextLanguage } from './text-stopwords.js';

/** A text reduced to the terms the grouping compares, with the words each term came from. */
export interface NormalisedText {
  language: TextLanguage;
  /** Stemmed content terms, in text order (repeats kept: term frequency counts them). */
  terms: string[];
  /** The folded word each term was cut from, index for index (labels show words, not stems). */
  words: string[];
}

const LANGUAGES: readonly TextLanguage[] = ['en', 'it'];

/**
 * Lower case, accents removed (NFKD, combining marks dropped), so "Perché" and "perche" meet;
 * split on anything but letters and digits (Italian elisions such as "l'app" split too).
 */
export function foldWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** The language whose stop words the text uses most; English on a tie (the helpdesks' default). */
export function detectLanguage(words: readonly string[]): TextLanguage {
  let best: TextLanguage = 'en';
  let bestHits = -1;
  for (const language of LANGUAGES) {
    const stop = STOP_WORDS[language];
    const hits = words.reduce((n, w) => (stop.has(w) ? n + 1 : n), 0);
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  return best;
}

/**
 * A light suffix stripper, not a full stemmer: it only has to map a word's usual inflections
 * (plural, gerund, Italian gender/number endings) onto one key, and must never merge words of
 * different topics, so it cuts little and only from long words.
 */
export function stemWord(word: string, language: TextLanguage): string {
  if (word.length <= 4) return word;
  if (language === 'it') {
    const cut = word.replace(/(zioni|zione)$/, 'zion').replace(/(i|e|a|o)$/, '');
    return cut.length >= 4 ? cut : word;
  }
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/**
 * Deterministic normalisation of one ticket text: folding, language by stop-word count, that
 * language's glossary phrases and words turned into shared concepts (so "log in", "login" and
 * "accedere" are one term: see text-glossary.ts), its stop words and numbers (order numbers,
 * ticket references) dropped, short words dropped, light stemming of the rest. Tokens that mix
 * letters and digits ("2fa", "e404") are kept: product and error codes are often the most
 * telling words of a problem.
 */
export function normaliseText(text: string): NormalisedText {
  const folded = foldWords(text);
  const language = detectLanguage(folded);
  const stop = STOP_WORDS[language];
  const glossary = GLOSSARY[language];
  const terms: string[] = [];
  const words: string[] = [];
  for (let at = 0; at < folded.length; at += 1) {
    const word = folded[at] ?? '';
    const phrase = phraseAt(glossary, folded, at);
    if (phrase !== undefined) {
      terms.push(phrase.concept);
      words.push(folded.slice(at, at + phrase.length).join(' '));
      at += phrase.length - 1;
      continue;
    }
    if (stop.has(word) || /^\d+$/.test(word) || word.length < 3) continue;
    terms.push(conceptOfWord(glossary, word) ?? stemWord(word, language));
    words.push(word);
  }
  return { language, terms, words };
}

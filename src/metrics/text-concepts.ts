import { GLOSSARY_ENTRIES } from './text-glossary.js';
import type { TextLanguage } from './text-stopwords.js';

/** One language's glossary, indexed for lookups in normalisation. */
export interface Glossary {
  /** Concept of a whole word. */
  exact: ReadonlyMap<string, string>;
  /** Concept of a word prefix (the form without its `*`). */
  prefixes: ReadonlyMap<string, string>;
  /** Phrases by their first word, longest first. */
  phrases: ReadonlyMap<string, readonly { words: readonly string[]; concept: string }[]>;
}

/** Prefix of a concept term: folded words never hold it, so a concept never meets a word. */
const CONCEPT_MARK = '=';

function buildGlossary(language: TextLanguage): Glossary {
  const exact = new Map<string, string>();
  const prefixes = new Map<string, string>();
  const phrases = new Map<string, { words: string[]; concept: string }[]>();
  for (const [name, en, it] of GLOSSARY_ENTRIES) {
    const concept = CONCEPT_MARK + name;
    for (const form of (language === 'en' ? en : it).split(/\s+/)) {
      if (form.includes('_')) {
        const words = form.split('_');
        const first = words[0] ?? '';
        phrases.set(first, [...(phrases.get(first) ?? []), { words, concept }]);
      } else if (form.endsWith('*')) prefixes.set(form.slice(0, -1), concept);
      else exact.set(form, concept);
    }
  }
  for (const list of phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { exact, prefixes, phrases };
}

export const GLOSSARY: Readonly<Record<TextLanguage, Glossary>> = {
  en: buildGlossary('en'),
  it: buildGlossary('it'),
};

/** The concept of one folded word: exact form first, then its longest listed prefix. */
export function conceptOfWord(glossary: Glossary, word: string): string | undefined {
  const whole = glossary.exact.get(word);
  if (whole !== undefined) return whole;
  for (let end = word.length; end >= 3; end -= 1) {
    const concept = glossary.prefixes.get(word.slice(0, end));
    if (concept !== undefined) return concept;
  }
  return undefined;
}

/** The concept and length of a phrase starting at `at`, if one does. */
export function phraseAt(
  glossary: Glossary,
  words: readonly string[],
  at: number,
): { concept: string; length: number } | undefined {
  for (const phrase of glossary.phrases.get(words[at] ?? '') ?? []) {
    if (phrase.words.every((w, k) => words[at + k] === w)) {
      return { concept: phrase.concept, length: phrase.words.length };
    }
  }
  return undefined;
}

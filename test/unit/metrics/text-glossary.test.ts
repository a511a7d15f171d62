import { describe, expect, it } from 'vitest';
import { GLOSSARY_ENTRIES } from '../../../src/metrics/text-glossary.js';
import { STOP_WORDS, type TextLanguage } from '../../../src/metrics/text-stopwords.js';

const LANGUAGES: readonly [TextLanguage, 1 | 2][] = [
  ['en', 1],
  ['it', 2],
];

describe('the support glossary', () => {
  it('has well over a hundred concepts, each with English and Italian forms', () => {
    expect(GLOSSARY_ENTRIES.length).toBeGreaterThanOrEqual(120);
    expect(new Set(GLOSSARY_ENTRIES.map((e) => e[0])).size).toBe(GLOSSARY_ENTRIES.length);
    for (const entry of GLOSSARY_ENTRIES) {
      expect(entry[1].trim().length, entry[0]).toBeGreaterThan(0);
      expect(entry[2].trim().length, entry[0]).toBeGreaterThan(0);
    }
  });

  it.each(LANGUAGES)(
    'gives each %s form one concept, and lists no form it could never see',
    (language, column) => {
      const conceptOf = new Map<string, string>();
      for (const entry of GLOSSARY_ENTRIES) {
        for (const form of entry[column].split(/\s+/)) {
          expect(conceptOf.get(form), `${form} in ${entry[0]}`).toBeUndefined();
          conceptOf.set(form, entry[0]);
          expect(form).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*\*?$/);
          if (form.includes('_')) continue;
          // Normalisation drops stop words and words under three letters before the lookup.
          const word = form.replace('*', '');
          expect(STOP_WORDS[language].has(word), form).toBe(false);
          expect(word.length, form).toBeGreaterThanOrEqual(3);
        }
      }
    },
  );
});

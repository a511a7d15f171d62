import en from '../translations/en.json';
import it from '../translations/it.json';

/** Translates a `ui.…` key, filling `{{name}}` placeholders; `locale` drives number/date formats. */
export interface Translator {
  (key: string, vars?: Record<string, string | number>): string;
  locale: string;
}

type Tree = { [key: string]: string | Tree };
const CATALOGS: Record<string, Tree> = { en, it };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * The translator for Zendesk's user locale (`currentUser.locale`, e.g. `it`, `en-US`, `pt-BR`):
 * exact catalog, else its language, else English. A key missing everywhere shows itself, which
 * the package validator prevents from shipping.
 */
export function createTranslator(locale: string | undefined): Translator {
  const wanted = (locale ?? 'en').toLowerCase();
  const language = wanted.split('-')[0] ?? 'en';
  const catalog = CATALOGS[wanted] ?? CATALOGS[language] ?? en;
  const t = ((key: string, vars?: Record<string, string | number>) => {
    const text = lookup(catalog, key) ?? lookup(en, key) ?? key;
    return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
      vars !== undefined && name in vars ? String(vars[name]) : whole,
    );
  }) as Translator;
  t.locale = CATALOGS[wanted] !== undefined || CATALOGS[language] !== undefined ? wanted : 'en';
  return t;
}

/**
 * The form of a counted phrase the locale's plural rules pick for `n` ("1 ticket", "2 tickets"):
 * both keys are written out whole so the package validator finds them.
 */
export function plural(
  t: Translator,
  n: number,
  keys: { one: string; other: string },
  vars: Record<string, string | number> = {},
): string {
  const form = new Intl.PluralRules(t.locale).select(n) === 'one' ? keys.one : keys.other;
  return t(form, { ...vars, n: formatCount(t, n) });
}

function formatCount(t: Translator, n: number): string {
  return new Intl.NumberFormat(t.locale).format(n);
}

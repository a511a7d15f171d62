/**
 * Stop words of the languages the text grouping understands, folded like the tokens they are
 * matched against (lower case, no accents). Besides the grammatical words, each list holds the
 * politeness and support boilerplate customers write around every problem ("hello", "please",
 * "grazie"): they carry no topic and would otherwise pull unrelated tickets together. The two
 * lists match word for word where they can ("never" as "mai", "after" as "dopo", "want" as
 * "voglio"), so that a word dropped in one language is not kept in the other: the glossary
 * (text-glossary.ts) relies on an English ticket and its Italian translation meeting.
 */

export type TextLanguage = 'en' | 'it';

const EN = `a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours out over own same she should so some such than that the their
them then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself also still since yet get got im ive dont
cant doesnt didnt isnt wont hi hello hey dear team support thanks thank regards best kind please help
sorry asap urgent today yesterday tomorrow morning again anyone something anything every really
never want wants wanted need needs`;

const IT = `a ad al alla alle allo agli ai anche avere ho hai ha abbiamo avete hanno che chi ci come con
contro da dal dalla dalle dai degli del della delle dei di dove e ed era essere fa gli ha il in io la le
lei li lo loro lui ma me mi mia mie miei mio ne negli nei nel nella nelle nello noi non nostra nostro o
per perche piu quale quando quanto quello questa queste questi questo se sei si sia siamo sono su sua sue
suo suoi sul sulla sulle sui te ti tra fra tu tua tuo tuoi un una uno vi voi sto sta stato stata gia
ancora poi solo mai sempre qui ciao salve buongiorno buonasera gentile gentili grazie mille saluti cordiali
cordialmente aiuto aiutarmi aiutatemi prego scusate per favore favore urgente oggi ieri domani stamattina
qualcuno qualcosa ogni davvero molto tanto tutto tutti tutte cosa all dell dall nell sull coll
dopo prima senza voglio vorrei vogliamo vorremmo devo dobbiamo`;

/** Each language's stop words. */
export const STOP_WORDS: Readonly<Record<TextLanguage, ReadonlySet<string>>> = {
  en: new Set(EN.split(/\s+/)),
  it: new Set(IT.split(/\s+/)),
};

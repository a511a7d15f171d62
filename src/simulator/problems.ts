import { createRandom, pickOne, type Random } from './prng.js';

/**
 * The recurring problems simulated customers write about, each in English and Italian with
 * several subjects and first messages that paraphrase one another. A ticket's true problem is
 * part of the ground truth, so the text grouping can be scored against it.
 */

export type ProblemLanguage = 'en' | 'it';

interface Phrasing {
  subjects: readonly string[];
  messages: readonly string[];
}

interface Problem {
  id: string;
  /** Relative frequency: a few problems make most of the volume, as in real queues. */
  weight: number;
  en: Phrasing;
  it: Phrasing;
}

/** What a ticket's customer wrote, and about which known problem. */
export interface ProblemText {
  problem: string;
  language: ProblemLanguage;
  subject: string;
  firstMessage: string;
}

const PROBLEMS: readonly Problem[] = [
  {
    id: 'login-failure',
    weight: 14,
    en: {
      subjects: [
        'Cannot log in',
        'Login not working',
        'Unable to sign in to my account',
        'Locked out of my account',
        'login error',
      ],
      messages: [
        'I try to log in but the page says my password is wrong.',
        'Since this morning I cannot sign in, the login page just reloads.',
        'My account got locked after I entered my password and now I cannot log in.',
        'The login fails with an invalid credentials error even with the right password.',
      ],
    },
    it: {
      subjects: [
        'Non riesco ad accedere',
        'Login non funziona',
        'Impossibile accedere al mio account',
        'Account bloccato',
        'errore di login',
      ],
      messages: [
        'Provo ad accedere ma la pagina dice che la password è sbagliata.',
        'Da stamattina non riesco a fare il login, la pagina di accesso si ricarica.',
        'Il mio account è stato bloccato dopo aver inserito la password e ora non riesco ad accedere.',
        'Il login fallisce con errore credenziali non valide anche con la password giusta.',
      ],
    },
  },
  {
    id: 'password-reset',
    weight: 9,
    en: {
      subjects: [
        'Password reset email not arriving',
        'Reset link never received',
        'Forgot password email missing',
      ],
      messages: [
        'I requested a password reset but the email never arrived, not even in spam.',
        'I clicked forgot password three times and no reset email came.',
        'The reset link email does not reach my inbox.',
      ],
    },
    it: {
      subjects: [
        'Email di reset password non arriva',
        'Link di reimpostazione non ricevuto',
        'Non ricevo la mail per reimpostare la password',
      ],
      messages: [
        "Ho richiesto il reset della password ma l'email non è mai arrivata, nemmeno nello spam.",
        'Ho cliccato su password dimenticata tre volte e non è arrivata nessuna email di reset.',
        'La mail con il link di reimpostazione non arriva nella mia casella.',
      ],
    },
  },
  {
    id: 'refund',
    weight: 10,
    en: {
      subjects: ['Refund request', 'I want my money back', 'Please refund my cancelled order'],
      messages: [
        'I was charged for an order I cancelled, please refund me.',
        'I returned the product two weeks ago and still have no refund.',
        'How long does a refund take? I cancelled the order on Monday.',
      ],
    },
    it: {
      subjects: ['Richiesta di rimborso', 'Voglio essere rimborsato', 'Rimborso ordine annullato'],
      messages: [
        'Mi avete addebitato un ordine che ho annullato, vorrei il rimborso.',
        'Ho restituito il prodotto due settimane fa e non ho ancora ricevuto il rimborso.',
        "Quanto tempo serve per il rimborso? Ho annullato l'ordine lunedì.",
      ],
    },
  },
  {
    id: 'invoice-wrong',
    weight: 8,
    en: {
      subjects: ['Invoice is wrong', 'Wrong VAT on my invoice', 'Invoice shows the wrong amount'],
      messages: [
        'The invoice for last month has the wrong VAT number.',
        'My invoice amount does not match what I paid.',
        'Please correct the billing address on the invoice.',
      ],
    },
    it: {
      subjects: [
        'Fattura sbagliata',
        'Partita IVA errata in fattura',
        'Importo della fattura errato',
      ],
      messages: [
        'La fattura del mese scorso riporta la partita IVA sbagliata.',
        "L'importo della fattura non corrisponde a quanto ho pagato.",
        "Per favore correggete l'indirizzo di fatturazione sulla fattura.",
      ],
    },
  },
  {
    id: 'app-crash',
    weight: 9,
    en: {
      subjects: [
        'App crashes on start',
        'The mobile app keeps crashing',
        'App closes right after launch',
      ],
      messages: [
        'Since the last update the app crashes as soon as I open it.',
        'The mobile app closes by itself on my phone every time I start it.',
        'After updating, the app crashes on the splash screen.',
      ],
    },
    it: {
      subjects: [
        "L'app si chiude all'avvio",
        "L'app mobile va in crash",
        "Crash dell'app all'apertura",
      ],
      messages: [
        "Dall'ultimo aggiornamento l'app va in crash appena la apro.",
        "L'app mobile si chiude da sola sul mio telefono ogni volta che la avvio.",
        "Dopo l'aggiornamento l'app va in crash sulla schermata iniziale.",
      ],
    },
  },
  {
    id: 'data-export',
    weight: 6,
    en: {
      subjects: ['How do I export my data?', 'CSV export fails', 'Export to Excel not working'],
      messages: [
        'I need to export all my contacts to a CSV file, where is the export button?',
        'The CSV export stops at 50% and the file is empty.',
        'Exporting the report to Excel gives me a broken file.',
      ],
    },
    it: {
      subjects: [
        'Come esporto i miei dati?',
        'Esportazione CSV non riesce',
        'Export in Excel non funziona',
      ],
      messages: [
        'Devo esportare tutti i contatti in un file CSV, dove trovo il pulsante di esportazione?',
        "L'esportazione CSV si ferma al 50% e il file è vuoto.",
        'Esportando il report in Excel ottengo un file corrotto.',
      ],
    },
  },
  {
    id: 'plan-upgrade',
    weight: 5,
    en: {
      subjects: [
        'Upgrade my plan',
        'Switch subscription to the Pro plan',
        'Change my subscription plan',
      ],
      messages: [
        'We are growing and would like to upgrade our subscription to the Pro plan.',
        'How can I switch from the Basic plan to Pro in the middle of the month?',
        'Please move our subscription to the annual Pro plan.',
      ],
    },
    it: {
      subjects: [
        'Passare al piano Pro',
        "Cambiare piano dell'abbonamento",
        'Upgrade del mio abbonamento',
      ],
      messages: [
        'Stiamo crescendo e vorremmo passare con il nostro abbonamento al piano Pro.',
        'Come posso passare dal piano Basic al piano Pro a metà mese?',
        'Per favore spostate il nostro abbonamento sul piano Pro annuale.',
      ],
    },
  },
  {
    id: 'shipping-delay',
    weight: 10,
    en: {
      subjects: ['Shipping delay', 'My order has not arrived', 'Where is my package?'],
      messages: [
        'My order was shipped ten days ago and the package still has not arrived.',
        'The tracking of my package has not moved for a week.',
        'Delivery was due on Friday and the courier never came.',
      ],
    },
    it: {
      subjects: ['Ritardo nella spedizione', 'Il mio ordine non è arrivato', "Dov'è il mio pacco?"],
      messages: [
        'Il mio ordine è stato spedito dieci giorni fa e il pacco non è ancora arrivato.',
        'Il tracciamento del mio pacco è fermo da una settimana.',
        'La consegna era prevista venerdì e il corriere non è mai passato.',
      ],
    },
  },
  {
    id: 'payment-declined',
    weight: 7,
    en: {
      subjects: [
        'Card payment declined',
        'Payment fails at checkout',
        'Cannot pay with my credit card',
      ],
      messages: [
        'My credit card is declined at checkout although it works everywhere else.',
        'The payment fails at the last step of the checkout with an error.',
        'Every time I try to pay by card the payment is refused.',
      ],
    },
    it: {
      subjects: [
        'Pagamento con carta rifiutato',
        'Il pagamento non va a buon fine al checkout',
        'Non riesco a pagare con la carta di credito',
      ],
      messages: [
        'La mia carta di credito viene rifiutata al checkout anche se funziona ovunque.',
        "Il pagamento fallisce all'ultimo passaggio del checkout con un errore.",
        'Ogni volta che provo a pagare con la carta il pagamento viene rifiutato.',
      ],
    },
  },
  {
    id: 'two-factor',
    weight: 5,
    en: {
      subjects: [
        '2FA code not received',
        'Two-factor authentication SMS missing',
        'No verification code by SMS',
      ],
      messages: [
        'The SMS with the 2FA verification code never arrives on my phone.',
        'I changed my phone number and now I do not get the two-factor code.',
        'The authentication code by SMS arrives after it has expired.',
      ],
    },
    it: {
      subjects: [
        'Codice 2FA non ricevuto',
        'SMS di autenticazione a due fattori non arriva',
        'Nessun codice di verifica via SMS',
      ],
      messages: [
        'Il SMS con il codice di verifica 2FA non arriva mai sul mio telefono.',
        'Ho cambiato numero di telefono e ora non ricevo il codice a due fattori.',
        'Il codice di autenticazione via SMS arriva quando è già scaduto.',
      ],
    },
  },
  {
    id: 'account-deletion',
    weight: 4,
    en: {
      subjects: [
        'Delete my account',
        'Close my account and erase my data',
        'GDPR data deletion request',
      ],
      messages: [
        'Please delete my account and erase all my personal data under GDPR.',
        'I no longer use the service, close my account and remove my data.',
        'I want my personal data deleted, how do I close the account?',
      ],
    },
    it: {
      subjects: [
        'Cancellare il mio account',
        "Chiudere l'account e cancellare i dati",
        'Richiesta di cancellazione dati GDPR',
      ],
      messages: [
        'Per favore cancellate il mio account e tutti i miei dati personali secondo il GDPR.',
        "Non uso più il servizio, chiudete l'account e cancellate i miei dati.",
        "Voglio che i miei dati personali vengano cancellati, come chiudo l'account?",
      ],
    },
  },
  {
    id: 'wrong-item',
    weight: 6,
    en: {
      subjects: [
        'Received the wrong item',
        'Damaged product in my parcel',
        'Item in the box is not what I ordered',
      ],
      messages: [
        'I ordered a blue jacket size M and received a red one size L.',
        'The product arrived damaged, the box was crushed and the item is broken.',
        'The item I received is a different model from the one in my order.',
      ],
    },
    it: {
      subjects: [
        "Ricevuto l'articolo sbagliato",
        'Prodotto danneggiato nel pacco',
        "L'articolo nella scatola non è quello ordinato",
      ],
      messages: [
        'Ho ordinato una giacca blu taglia M e ho ricevuto una rossa taglia L.',
        "Il prodotto è arrivato danneggiato, la scatola era schiacciata e l'articolo è rotto.",
        "L'articolo ricevuto è un modello diverso da quello del mio ordine.",
      ],
    },
  },
];

/** Ids of the known problems, most frequent first. */
export const PROBLEM_IDS: readonly string[] = [...PROBLEMS]
  .sort((a, b) => b.weight - a.weight)
  .map((p) => p.id);

const TOTAL_WEIGHT = PROBLEMS.reduce((sum, p) => sum + p.weight, 0);

/** The problem a roll in [0, 1) falls on, by weight (one draw, like the subject pick it replaced). */
export function problemAt(roll: number): string {
  let left = roll * TOTAL_WEIGHT;
  for (const problem of PROBLEMS) {
    left -= problem.weight;
    if (left < 0) return problem.id;
  }
  return PROBLEMS.at(-1)?.id ?? 'unknown';
}

const NOISE = {
  en: {
    openers: ['Hi,', 'Hello team,', 'Good morning,', 'Dear support,', ''],
    asides: [
      'I have been a customer for years.',
      'This is quite frustrating.',
      'I am writing from my phone.',
      'My order number is #{n}.',
      '',
    ],
    closers: ['Thanks, Marco', 'Best regards', 'Thank you in advance!', 'Cheers', ''],
  },
  it: {
    openers: ['Ciao,', 'Buongiorno,', 'Gentile assistenza,', 'Salve,', ''],
    asides: [
      'Sono vostro cliente da anni.',
      'La cosa è piuttosto frustrante.',
      'Vi scrivo dal telefono.',
      'Il mio numero ordine è #{n}.',
      '',
    ],
    closers: ['Grazie, Giulia', 'Cordiali saluti', 'Grazie in anticipo!', 'Saluti', ''],
  },
} as const;

/**
 * What the customer of ticket `index` wrote about `problem`: a language (60 % English), one of
 * the problem's subjects and messages, boilerplate around them, and noise a real queue has —
 * a typo in one word (one ticket in five), a shouted subject (one in twenty), an order number.
 */
export function problemText(seed: number, index: number, problemId: string): ProblemText {
  const random = createRandom(seed, 'problem-text', index);
  const problem = PROBLEMS.find((p) => p.id === problemId) ?? PROBLEMS[0];
  if (problem === undefined) throw new Error('problemText: no problems');
  const language: ProblemLanguage = random() < 0.6 ? 'en' : 'it';
  const phrasing = problem[language];
  const noise = NOISE[language];
  let subject = pickOne(random, phrasing.subjects);
  if (random() < 0.05) subject = subject.toUpperCase();
  const order = String(10_000 + Math.floor(random() * 90_000));
  const parts = [
    pickOne(random, noise.openers),
    pickOne(random, phrasing.messages),
    pickOne(random, noise.asides).replace('{n}', order),
    pickOne(random, noise.closers),
  ].filter((p) => p.length > 0);
  let firstMessage = parts.join(' ');
  if (random() < 0.2) firstMessage = withTypo(random, firstMessage);
  return { problem: problem.id, language, subject, firstMessage };
}

/** Swaps two adjacent letters inside one longer word. */
function withTypo(random: Random, text: string): string {
  const words = text.split(' ');
  const candidates = words.flatMap((w, i) => (/^[a-zà-ù]{6,}$/i.test(w) ? [i] : []));
  if (candidates.length === 0) return text;
  const at = pickOne(random, candidates);
  const word = words[at] ?? '';
  const k = 1 + Math.floor(random() * (word.length - 3));
  words[at] = word.slice(0, k) + (word[k + 1] ?? '') + (word[k] ?? '') + word.slice(k + 2);
  return words.join(' ');
}

/** The survey's small HTML pages: no script, no external assets (helmet's CSP allows neither). */
function page(body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>How easy was it?</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}
fieldset{border:0;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}label{display:flex;flex-direction:column;align-items:center;gap:.25rem}
button{margin-top:1.5rem;padding:.6rem 1.4rem;font-size:1rem}</style></head>
<body>${body}</body></html>`;
}

/** The 1–7 form; it posts to its own URL, so the token never appears in the page. */
export function surveyPage(): string {
  const options = [1, 2, 3, 4, 5, 6, 7]
    .map(
      (v) =>
        `<label><input type="radio" name="value" value="${String(v)}" required>${String(v)}</label>`,
    )
    .join('');
  return page(`<h1>How easy was it to get your issue resolved?</h1>
<form method="post"><p>1 = very difficult, 7 = very easy</p><fieldset>${options}</fieldset>
<button type="submit">Send</button></form>`);
}

export function thanksPage(): string {
  return page('<h1>Thank you!</h1><p>Your answer was recorded.</p>');
}

export function answeredPage(): string {
  return page('<h1>Already answered</h1><p>This survey was already answered. Thank you!</p>');
}

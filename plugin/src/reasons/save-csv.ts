import { h } from '../dom.js';

/**
 * Saves text fetched through the proxy as a CSV file: the download needs the app secret, so it
 * cannot be a plain link; a Blob URL is clicked, then revoked once the browser has taken it.
 */
export function saveCsv(doc: Document, win: Window, csv: string, name: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = h(doc, 'a', { attrs: { href: url, download: name } });
  doc.body.appendChild(a);
  a.click();
  a.remove();
  win.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** The last 30 days up to today (the browser's local date), as the health API takes them. */
export function healthRange(now: number): { from: string; to: string } {
  const day = (ms: number) => {
    const d = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  return { from: day(now - 29 * 86_400_000), to: day(now) };
}

import { encodePng } from './png.js';

/**
 * The Deskpulse mark, drawn procedurally so the logos can be regenerated at any size: a rounded
 * Garden-blue square holding a white pulse line. Anti-aliased by 4x4 supersampling.
 */
const BLUE = [0x1f, 0x73, 0xb7] as const; // Garden blue-700
const PULSE: [number, number][] = [
  [0.14, 0.55],
  [0.36, 0.55],
  [0.45, 0.3],
  [0.56, 0.75],
  [0.65, 0.45],
  [0.86, 0.45],
];

function distanceToSegment(px: number, py: number, a: [number, number], b: [number, number]) {
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage of the rounded square (corner radius 18 %) at a point in unit coordinates. */
function insideSquare(x: number, y: number): boolean {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return x >= 0 && x <= 1 && y >= 0 && y <= 1 && Math.hypot(x - cx, y - cy) <= r;
}

function onPulse(x: number, y: number): boolean {
  for (let i = 1; i < PULSE.length; i++) {
    const a = PULSE[i - 1];
    const b = PULSE[i];
    if (a && b && distanceToSegment(x, y, a, b) <= 0.045) return true;
  }
  return false;
}

export function drawLogo(size: number): Buffer {
  const px = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let square = 0;
      let line = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const ux = (x + (sx + 0.5) / samples) / size;
          const uy = (y + (sy + 0.5) / samples) / size;
          if (insideSquare(ux, uy)) {
            square++;
            if (onPulse(ux, uy)) line++;
          }
        }
      }
      const n = samples * samples;
      const white = line / Math.max(square, 1);
      const o = (y * size + x) * 4;
      px[o] = Math.round(BLUE[0] + (255 - BLUE[0]) * white);
      px[o + 1] = Math.round(BLUE[1] + (255 - BLUE[1]) * white);
      px[o + 2] = Math.round(BLUE[2] + (255 - BLUE[2]) * white);
      px[o + 3] = Math.round((255 * square) / n);
    }
  }
  return encodePng(size, size, px);
}

/** The nav_bar icon: the same pulse as an SVG path, coloured by Zendesk through currentColor. */
export function navBarIconSvg(): string {
  const points = PULSE.map(([x, y]) => `${(x * 18 + 1).toFixed(1)} ${(y * 18 + 1).toFixed(1)}`);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20">',
    `  <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="M${points.join(' L')}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

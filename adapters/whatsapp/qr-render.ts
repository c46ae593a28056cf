import type { QrMatrix } from './qr-code.js';

/** The standard asks for four light modules around the code; scanners fail without them. */
const QUIET = 4;

/** One SVG path of the dark modules; crisp at any zoom and small enough to inline in a page. */
export function qrSvg(qr: QrMatrix, pixelsPerModule = 6): string {
  const dim = qr.size + QUIET * 2;
  let path = '';
  qr.modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
    });
  });
  const px = dim * pixelsPerModule;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${dim} ${dim}" shape-rendering="crispEdges" role="img" aria-label="QR code">` +
    `<rect width="${dim}" height="${dim}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}

/**
 * Two rows of modules per text line (upper half block, foreground = top module, background =
 * bottom), with explicit black and white, so it scans on dark and light terminals alike.
 */
export function qrTerminal(qr: QrMatrix): string {
  const dim = qr.size + QUIET * 2;
  const dark = (x: number, y: number): boolean => qr.modules[y - QUIET]?.[x - QUIET] ?? false;
  const lines: string[] = [];
  for (let y = 0; y < dim; y += 2) {
    let line = '';
    for (let x = 0; x < dim; x++) {
      const top = dark(x, y) ? 30 : 97;
      const bottom = y + 1 < dim && dark(x, y + 1) ? 40 : 107;
      line += `\x1b[${top};${bottom}m▀`;
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { encodeQr } from '../../adapters/whatsapp/qr-code.js';
import { qrSvg, qrTerminal } from '../../adapters/whatsapp/qr-render.js';

/** Format information as the standard lays it out beside the top-left finder (bits 14..0). */
function formatBits(m: boolean[][]): number {
  const cells: [number, number][] = [];
  for (let x = 0; x <= 5; x++) cells.push([x, 8]);
  cells.push([7, 8], [8, 8], [8, 7]);
  for (let y = 5; y >= 0; y--) cells.push([8, y]);
  return cells.reduce((acc, [x, y]) => (acc << 1) | (m[y]?.[x] ? 1 : 0), 0);
}

function bchValid(format: number): boolean {
  const data = (format ^ 0x5412) >>> 10;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return (((data << 10) | rem) ^ 0x5412) === format;
}

describe('QR code encoder for the WhatsApp pairing code', () => {
  it('encodes a known text exactly as a reference decoder read it back (zbarimg)', () => {
    const expected = [
    '#######.#######...#######',
    '#.....#.##.##.#...#.....#',
    '#.###.#.#######...#.###.#',
    '#.###.#..#..##.##.#.###.#',
    '#.###.#.##....#.#.#.###.#',
    '#.....#.....#.#...#.....#',
    '#######.#.#.#.#.#.#######',
    '..........##.#...........',
    '#..######..#....##..#.###',
    '..#..#.#.#..#.##.#.###...',
    '####.###.#..#.##.##.###.#',
    '..#..#..###.#..###...##.#',
    '..#.#.#..#..##....#.....#',
    '#.####....#...###...##...',
    '##.####..####..#.#.#.####',
    '#.#.##.#####..#.##..####.',
    '#.###.##.##.....#####.###',
    '........##.###..#...#.###',
    '#######.####.#..#.#.##..#',
    '#.....#.##..##.##...##.#.',
    '#.###.#.#.#.#########..##',
    '#.###.#.###..###..#..####',
    '#.###.#..#..####.#..#..##',
    '#.....#.......#..###.####',
    '#######.#...###.###..#..#',
    ];
    const qr = encodeQr('Centrum pro cizince JMK');
    expect(qr.size).toBe(25);
    expect(qr.modules.map((r) => r.map((d) => (d ? '#' : '.')).join(''))).toEqual(expected);
  });

  it('chooses the smallest version for the length, up to a WhatsApp pairing string, with level M format bits', () => {
    const pairing = `2@${'A'.repeat(60)},${'b'.repeat(44)},${'C'.repeat(44)},${'d'.repeat(44)},1`;
    for (const [text, size] of [['x', 21], ['y'.repeat(14), 21], ['y'.repeat(15), 25], [pairing, 57]] as const) {
      const qr = encodeQr(text);
      expect(qr.size, text.slice(0, 10)).toBe(size);
      expect(qr.modules).toHaveLength(size);
      const format = formatBits(qr.modules);
      expect(bchValid(format)).toBe(true);
      // Level M is 00 in the two top format bits.
      expect(((format ^ 0x5412) >>> 13) & 0b11).toBe(0);
      // Finder pattern corners and the always-dark module.
      expect([qr.modules[0]?.[0], qr.modules[0]?.[size - 1], qr.modules[size - 1]?.[0], qr.modules[size - 8]?.[8]]).toEqual([true, true, true, true]);
    }
    expect(() => encodeQr('z'.repeat(2400))).toThrow(RangeError);
  });

  it('draws it as an SVG with a quiet zone, and for a terminal two module rows per line', () => {
    const qr = encodeQr('Centrum pro cizince JMK');
    const svg = qrSvg(qr);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 33 33"/);
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(qr.modules.flat().filter(Boolean).length);
    const lines = qrTerminal(qr).split('\n');
    expect(lines).toHaveLength(17);
    expect(lines.every((l) => l.endsWith('\x1b[0m'))).toBe(true);
    expect(lines[0]?.match(/▀/g)).toHaveLength(33);
  });
});

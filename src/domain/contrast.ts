/**
 * Colour contrast as WCAG 2.x defines it (relative luminance, contrast ratio), what a projector
 * in a lit room does to it, and how colours look with a colour-vision deficiency.
 *
 * - `contrastRatio`: (L1 + 0.05) / (L2 + 0.05) of the relative luminances (WCAG 2.2, 1.4.3):
 *   AA asks 4.5 for body text and 3 for large text (≥ 24 px, or ≥ 18.66 px bold) and for
 *   graphical objects; AAA 7 and 4.5.
 * - `washedOutContrast`: room light falling on the screen adds the same luminance to every
 *   colour (the projector cannot show darker than the lit screen), which lowers every ratio;
 *   `ambient` is that added luminance as a share of the projector's white.
 * - `simulateColourVision`: Machado, Oliveira & Fernandes (2009) matrices for full protanopia,
 *   deuteranopia and tritanopia, applied to linear RGB.
 * - `deltaE`: CIE76 distance in CIELAB (D65): about 2.3 is just noticeable, 10 and more reads as
 *   a different colour at a glance.
 */

export type Rgb = readonly [number, number, number];

/** `#rgb` or `#rrggbb` as 0–255 channels. */
export function parseHex(hex: string): Rgb {
  const value = hex.trim().replace(/^#/, '');
  const full = value.length === 3 ? [...value].map((digit) => digit + digit).join('') : value;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`Not a hex colour: ${hex}`);
  const number = Number.parseInt(full, 16);
  return [(number >> 16) & 255, (number >> 8) & 255, number & 255];
}

/** A CSS colour as 0–255 channels: hex, or `rgb(…)` / `rgba(…)` as getComputedStyle writes it (alpha ignored). */
export function parseCssColour(colour: string): Rgb {
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return parseHex(colour);
}

function toLinear(channel: number): number {
  const value = channel / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

function fromLinear(value: number): number {
  const clamped = Math.min(1, Math.max(0, value));
  const encoded = clamped <= 0.0031308 ? clamped * 12.92 : 1.055 * clamped ** (1 / 2.4) - 0.055;
  return Math.round(encoded * 255);
}

/** WCAG relative luminance, 0 (black) … 1 (white). */
export function relativeLuminance(colour: Rgb | string): number {
  const [r, g, b] = typeof colour === 'string' ? parseCssColour(colour) : colour;
  return 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
}

/** WCAG contrast ratio of two colours, 1 … 21, the same either way round. */
export function contrastRatio(first: Rgb | string, second: Rgb | string): number {
  return washedOutContrast(first, second, 0);
}

/** The contrast ratio when room light adds `ambient` (share of white, e.g. 0.15) to both colours. */
export function washedOutContrast(first: Rgb | string, second: Rgb | string, ambient: number): number {
  const a = relativeLuminance(first) + ambient;
  const b = relativeLuminance(second) + ambient;
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

export type ColourVision = 'protanopia' | 'deuteranopia' | 'tritanopia';

/** Machado et al. (2009), severity 1.0, on linear RGB. */
const VISION_MATRICES: Record<ColourVision, readonly (readonly [number, number, number])[]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** How `colour` looks to a person with the given colour-vision deficiency. */
export function simulateColourVision(colour: Rgb | string, vision: ColourVision): Rgb {
  const rgb = typeof colour === 'string' ? parseCssColour(colour) : colour;
  const linear = rgb.map(toLinear);
  const matrix = VISION_MATRICES[vision];
  const row = (index: number) => matrix[index]![0] * linear[0]! + matrix[index]![1] * linear[1]! + matrix[index]![2] * linear[2]!;
  return [fromLinear(row(0)), fromLinear(row(1)), fromLinear(row(2))];
}

/** CIELAB (D65) of an sRGB colour. */
export function toLab(colour: Rgb | string): [number, number, number] {
  const [r, g, b] = (typeof colour === 'string' ? parseCssColour(colour) : colour).map(toLinear) as [number, number, number];
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference. */
export function deltaE(first: Rgb | string, second: Rgb | string): number {
  const a = toLab(first);
  const b = toLab(second);
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The smallest colour difference between neighbouring colours of a palette, as seen with `vision` (null: normal vision). */
export function minimumNeighbourDifference(palette: readonly string[], vision: ColourVision | null): number {
  const seen = palette.map((colour) => (vision ? simulateColourVision(colour, vision) : parseCssColour(colour)));
  let smallest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < seen.length; index++) smallest = Math.min(smallest, deltaE(seen[index - 1]!, seen[index]!));
  return smallest;
}

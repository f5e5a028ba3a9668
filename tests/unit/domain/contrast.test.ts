import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  deltaE,
  minimumNeighbourDifference,
  parseCssColour,
  relativeLuminance,
  simulateColourVision,
  washedOutContrast,
} from '../../../src/domain/contrast';
import { PROJECTOR_COLOURS, PROJECTOR_TEXT_PAIRS, PROJECTOR_TYPE, typeSizePixels, WASHED_OUT_AMBIENT } from '../../../src/domain/projector-theme';
import { classColours } from '../../../src/domain/classify';
import { SPACE_COLOURS } from '../../../src/domain/palette';

describe('WCAG contrast', () => {
  it('gives the published values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // #767676 is the lightest grey with AA contrast on white (4.54:1).
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
  });

  it('is symmetric and reads CSS colours as getComputedStyle writes them', () => {
    expect(contrastRatio('rgb(0, 0, 0)', '#fff')).toBe(contrastRatio('#ffffff', 'rgba(0, 0, 0, 1)'));
    expect(parseCssColour('rgb(31, 41, 51)')).toEqual([31, 41, 51]);
    expect(() => parseCssColour('red')).toThrow();
  });

  it('loses contrast on a washed-out projector', () => {
    expect(washedOutContrast('#000000', '#ffffff', 0)).toBeCloseTo(21, 10);
    // Room light of a fifth of white: (1 + 0.2 + 0.05) / (0 + 0.2 + 0.05) = 5.
    expect(washedOutContrast('#000000', '#ffffff', 0.2)).toBeCloseTo(5, 10);
    // The app's usual muted grey would fail there.
    expect(washedOutContrast('#52606d', '#ffffff', 0.2)).toBeLessThan(4.5);
  });
});

describe('the projector theme', () => {
  it.each(PROJECTOR_TEXT_PAIRS)('$name: at least WCAG AAA (7:1), and AA (4.5:1) washed out', ({ text, background }) => {
    expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(7);
    expect(washedOutContrast(text, background, WASHED_OUT_AMBIENT)).toBeGreaterThanOrEqual(4.5);
  });

  it('frames swatches and panels with at least 3:1 against the paper (WCAG 1.4.11), washed out too', () => {
    expect(washedOutContrast(PROJECTOR_COLOURS.frame, PROJECTOR_COLOURS.paper, WASHED_OUT_AMBIENT)).toBeGreaterThanOrEqual(3);
    expect(washedOutContrast(PROJECTOR_COLOURS.selection, PROJECTOR_COLOURS.labelHalo, WASHED_OUT_AMBIENT)).toBeGreaterThanOrEqual(3);
  });

  it('sets body text at 24 px or more on a 1920 × 1080 screen, and nothing below 20 px at 1280 × 720', () => {
    expect(typeSizePixels(PROJECTOR_TYPE.body, 1080)).toBeGreaterThanOrEqual(24);
    for (const size of Object.values(PROJECTOR_TYPE)) expect(typeSizePixels(size, 720)).toBeGreaterThanOrEqual(20);
    expect(typeSizePixels(PROJECTOR_TYPE.title, 1080)).toBeGreaterThan(typeSizePixels(PROJECTOR_TYPE.body, 1080) * 1.5);
  });
});

describe('colour-vision deficiencies', () => {
  it('leaves grey as it is and merges red and green for deuteranopia', () => {
    expect(simulateColourVision('#808080', 'deuteranopia')).toEqual([128, 128, 128]);
    expect(deltaE('#d62728', '#2ca02c')).toBeGreaterThan(80);
    const red = simulateColourVision('#d62728', 'deuteranopia');
    const green = simulateColourVision('#2ca02c', 'deuteranopia');
    expect(deltaE(red, green)).toBeLessThan(deltaE('#d62728', '#2ca02c') / 2);
  });

  it.each([3, 5, 7])('keeps neighbouring classes of the indicator palettes apart (%i classes)', (classes) => {
    for (const palette of [classColours('sequential', classes), classColours('diverging', classes)]) {
      for (const vision of [null, 'protanopia', 'deuteranopia', 'tritanopia'] as const) {
        expect(minimumNeighbourDifference(palette, vision), `${palette.join(' ')} ${vision}`).toBeGreaterThan(8);
      }
    }
  });

  it('keeps the first eight space colours (Okabe–Ito) apart for red-green deficiencies', () => {
    const okabeIto = SPACE_COLOURS.slice(0, 8);
    for (const vision of ['protanopia', 'deuteranopia'] as const) {
      const seen = okabeIto.map((colour) => simulateColourVision(colour, vision));
      let smallest = Infinity;
      for (let i = 0; i < seen.length; i++) for (let j = i + 1; j < seen.length; j++) smallest = Math.min(smallest, deltaE(seen[i]!, seen[j]!));
      expect(smallest).toBeGreaterThan(5);
    }
  });
});

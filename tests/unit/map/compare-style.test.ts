import { describe, expect, it } from 'vitest';
import { basemapById } from '../../../src/map/basemaps';
import { COMPARE_SOURCE_ID, hatchImage, movedAreasCollection } from '../../../src/map/compare-style';
import { buildStyle } from '../../../src/map/style';
import { square } from '../helpers';

describe('variant comparison on the map', () => {
  it('draws moved areas above the space fills and their labels below the space labels', () => {
    const style = buildStyle(basemapById('offline'));
    const layers = style.layers.map((layer) => layer.id);
    expect(style.sources[COMPARE_SOURCE_ID]).toBeDefined();
    expect(layers.indexOf('atlas-compare-hatch')).toBeGreaterThan(layers.indexOf('atlas-units-fill'));
    expect(layers.indexOf('atlas-compare-outline')).toBeGreaterThan(layers.indexOf('atlas-compare-hatch'));
    expect(layers.indexOf('atlas-compare-labels')).toBeLessThan(layers.indexOf('atlas-space-labels'));
  });

  it('makes a hatch tile that repeats seamlessly along its stripes', () => {
    const image = hatchImage('#b4005a', 16, 5);
    expect(image.data).toHaveLength(16 * 16 * 4);
    const alpha = (x: number, y: number) => image.data[(((y + 16) % 16) * 16 + ((x + 16) % 16)) * 4 + 3];
    let opaque = 0;
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        expect(alpha(x, y), `${x},${y}`).toBe(alpha(x + 1, y - 1));
        if (alpha(x, y) === 255) opaque++;
      }
    }
    expect(opaque).toBe(16 * 5);
    expect([...image.data.slice(0, 3)]).toEqual([0xb4, 0x00, 0x5a]);
  });

  it('labels each moved area', () => {
    const collection = movedAreasCollection([{ geometry: square(10, 51, 0.01), label: 'SR 07 → SR 05' }]);
    expect(collection.features[0]!.properties).toEqual({ index: 0, label: 'SR 07 → SR 05' });
  });
});

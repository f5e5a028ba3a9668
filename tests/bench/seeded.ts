/** Seeded synthetic data for benchmarks, so before/after figures compare the same input. */
import { randomLcg } from 'd3';
import type { Resource } from '../../src/domain/types';

export function seededRandom(seed: number): () => number {
  return randomLcg(seed);
}

/** `count` resources scattered over a 30 km × 30 km district around lon 9.9, lat 50.9. */
export function syntheticResources(projectId: string, count: number, seed = 42): Resource[] {
  const random = seededRandom(seed);
  const categories = ['kita', 'school', 'club', 'youth-centre', 'family-centre', 'counselling', 'provider', 'playground'] as const;
  return Array.from({ length: count }, (_, index) => ({
    id: `r-${index}`,
    projectId,
    layerId: 'layer-resources',
    category: categories[Math.floor(random() * categories.length)]!,
    name: `Einrichtung ${index}`,
    address: `Musterstraße ${index % 200}, 36000 Auenstadt`,
    ageFromYears: 0,
    ageToYears: 18,
    capacity: Math.floor(random() * 120),
    provider: 'Träger',
    geometry: { type: 'Point', coordinates: [9.7 + random() * 0.42, 50.77 + random() * 0.27] },
    attributes: { phone: '0661 000000', openingHours: 'Mo–Fr 8–16 Uhr' },
  }));
}

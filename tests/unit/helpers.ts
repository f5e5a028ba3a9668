import { emptySnapshot } from '../../src/domain/change';
import type { Project, ProjectSnapshot, SocialSpace } from '../../src/domain/types';
import type { Preferences } from '../../src/state/app.svelte';

/** Deep-freeze a value so that a test fails if the code under test mutates it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export function testProject(id: string, name = 'Testkreis'): Project {
  return {
    id,
    name,
    isDemo: false,
    description: '',
    outline: null,
    activeVariantId: 'v1',
    settings: { basemap: 'offline', suppressionThreshold: 3 },
    createdAt: 1,
    updatedAt: 1,
  };
}

export function square(west: number, south: number, sizeDegrees: number) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [west, south],
        [west + sizeDegrees, south],
        [west + sizeDegrees, south + sizeDegrees],
        [west, south + sizeDegrees],
        [west, south],
      ],
    ],
  };
}

export function testSpace(projectId: string, id: string, code: string, west = 10): SocialSpace {
  return {
    id,
    projectId,
    variantId: 'v1',
    code,
    name: `Raum ${code}`,
    color: '#0072b2',
    notes: '',
    geometry: square(west, 51, 0.01),
    unitIds: [],
  };
}

export function testSnapshot(projectId: string): ProjectSnapshot {
  const snapshot = emptySnapshot();
  snapshot.projects = [testProject(projectId)];
  snapshot.variants = [{ id: 'v1', projectId, name: 'Ist' }];
  snapshot.spaces = [testSpace(projectId, 's1', 'SR 01', 10), testSpace(projectId, 's2', 'SR 02', 10.01)];
  return snapshot;
}

/** Preferences kept in a Map (localStorage in the app). */
export class MemoryPreferences implements Preferences {
  readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
}

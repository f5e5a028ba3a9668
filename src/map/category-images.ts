/**
 * Map symbols of the resource categories: the category's glyph (`CATEGORY_ICON_PATHS`) on a
 * disc of its colour with a white ring, rasterised on a canvas for MapLibre's `addImage`.
 * Regenerated when a project changes a category's colour or icon.
 */
import type { CategoryDefinition } from '../domain/categories';
import { CATEGORY_ICON_PATHS, isLightColour } from '../domain/category-icons';

/** Image name of a category's symbol (`icon-image`). */
export const CATEGORY_IMAGE_PREFIX = 'category-';

/** Diameter of the symbol in CSS pixels at `icon-size` 1. */
export const CATEGORY_SYMBOL_PIXELS = 22;

export interface CategoryImage {
  id: string;
  width: number;
  height: number;
  data: Uint8ClampedArray;
  pixelRatio: number;
}

/** The symbol of one category, drawn at `pixelRatio` (2: sharp on high-density screens and projectors). */
export function categoryImage(category: Pick<CategoryDefinition, 'id' | 'color' | 'icon'>, pixelRatio = 2): CategoryImage {
  const size = Math.round(CATEGORY_SYMBOL_PIXELS * pixelRatio);
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d')!;
  const scale = size / 30;
  // The glyph grid is 24 units with a 3-unit margin for the ring (as CategoryBadge draws it).
  context.setTransform(scale, 0, 0, scale, 3 * scale, 3 * scale);
  context.beginPath();
  context.arc(12, 12, 13.8, 0, 2 * Math.PI);
  context.fillStyle = category.color;
  context.fill();
  context.lineWidth = 1.8;
  context.strokeStyle = '#ffffff';
  context.stroke();
  context.lineWidth = 2.4;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.strokeStyle = isLightColour(category.color) ? '#111111' : '#ffffff';
  // Inset a little so the glyph keeps clear of the ring.
  context.translate(12, 12);
  context.scale(0.78, 0.78);
  context.translate(-12, -12);
  context.stroke(new Path2D(CATEGORY_ICON_PATHS[category.icon]));
  const pixels = context.getImageData(0, 0, size, size);
  return { id: `${CATEGORY_IMAGE_PREFIX}${category.id}`, width: size, height: size, data: pixels.data, pixelRatio };
}

/**
 * Export pages: a slide's map rendered off screen at print size (a MapView in a hidden
 * container, device pixels per CSS pixel = dpi / 96, so lines and labels keep their size in
 * millimetres), read from its canvas once MapLibre is idle (the drawing buffer is kept), and
 * painted with the page's furniture (io/print-layout items) onto one canvas.
 */
import type { Basemap } from './basemaps';
import { MapView, type MapViewMessages } from './map-view';
import type { MapDrawing } from './present-style';
import type { SlideCamera } from '../domain/types';
import type { LegendSwatch } from '../domain/legend';
import { isLightColour } from '../domain/category-icons';
import { CSS_PIXELS_PER_INCH, type MeasureText, type PageItem, type PageLayout } from '../io/print-layout';

const FONT_FAMILY = "'Atlas Sans', 'Noto Sans', sans-serif";

function font(size: number, bold: boolean): string {
  return `${bold ? 700 : 400} ${size}px ${FONT_FAMILY}`;
}

/** Text widths with the page font (a 2D canvas). */
export function canvasMeasure(): MeasureText {
  const context = document.createElement('canvas').getContext('2d')!;
  return (text, size, bold) => {
    context.font = font(size, bold);
    return context.measureText(text).width;
  };
}

/** Renders maps of slides at print size, one after another, with one off-screen map. */
export class PrintMapRenderer {
  readonly #container: HTMLDivElement;
  readonly #view: MapView;
  readonly pixelRatio: number;

  constructor(basemap: Basemap, messages: MapViewMessages, dpi: number) {
    this.pixelRatio = dpi / CSS_PIXELS_PER_INCH;
    this.#container = document.createElement('div');
    this.#container.setAttribute('aria-hidden', 'true');
    this.#container.dataset['testid'] = 'print-map';
    // Off screen but laid out (a map in a hidden element has no size and draws nothing).
    Object.assign(this.#container.style, { position: 'fixed', left: '-20000px', top: '0', width: '800px', height: '600px', pointerEvents: 'none' });
    document.body.appendChild(this.#container);
    this.#view = new MapView({
      container: this.#container,
      basemap,
      messages,
      slide: { theme: 'print', viewportHeight: 1080 },
      pixelRatio: this.pixelRatio,
      onError: (message) => console.warn('Export map:', message),
    });
  }

  /** The map of `drawing` seen through `camera` on `width` × `height` CSS pixels, as a canvas of its own. */
  async render(drawing: MapDrawing, camera: SlideCamera, width: number, height: number): Promise<HTMLCanvasElement> {
    Object.assign(this.#container.style, { width: `${Math.round(width)}px`, height: `${Math.round(height)}px` });
    this.#view.resize();
    await this.#view.styleLoaded();
    this.#view.draw(drawing);
    this.#view.moveTo(camera, false);
    await this.#view.rendered();
    const source = this.#view.canvas;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    copy.getContext('2d')!.drawImage(source, 0, 0);
    return copy;
  }

  destroy(): void {
    this.#view.destroy();
    this.#container.remove();
  }
}

/** Paint a laid-out page: white paper, the maps in their boxes, then the furniture. */
export function paintPage(layout: PageLayout, maps: readonly CanvasImageSource[]): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, layout.width, layout.height);
  for (const item of layout.items) paintItem(context, item, maps);
  return canvas;
}

function paintItem(context: CanvasRenderingContext2D, item: PageItem, maps: readonly CanvasImageSource[]): void {
  switch (item.kind) {
    case 'map': {
      const image = maps[item.index];
      if (image) context.drawImage(image, item.x, item.y, item.width, item.height);
      return;
    }
    case 'text':
      context.font = font(item.size, item.bold);
      context.fillStyle = item.colour;
      context.textAlign = item.align;
      context.textBaseline = 'alphabetic';
      context.fillText(item.text, item.x, item.y);
      return;
    case 'rect':
      if (item.fill) {
        context.fillStyle = item.fill;
        context.fillRect(item.x, item.y, item.width, item.height);
      }
      if (item.stroke) {
        context.strokeStyle = item.stroke;
        context.lineWidth = item.lineWidth;
        context.strokeRect(item.x, item.y, item.width, item.height);
      }
      return;
    case 'line':
      context.beginPath();
      item.points.forEach(([x, y], index) => (index === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.strokeStyle = item.colour;
      context.lineWidth = item.width;
      context.setLineDash([]);
      context.stroke();
      return;
    case 'polygon':
      context.beginPath();
      item.points.forEach(([x, y], index) => (index === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.closePath();
      context.fillStyle = item.fill;
      context.fill();
      context.strokeStyle = item.stroke;
      context.lineWidth = item.lineWidth;
      context.lineJoin = 'round';
      context.stroke();
      return;
    case 'swatch':
      paintSwatch(context, item.swatch, item.x, item.y, item.width, item.height, item.lineWidth);
      return;
  }
}

/** A legend swatch: a framed fill, stripes, a boundary line, or a category symbol. */
export function paintSwatch(context: CanvasRenderingContext2D, swatch: LegendSwatch, x: number, y: number, width: number, height: number, lineWidth: number): void {
  context.save();
  context.setLineDash([]);
  switch (swatch.kind) {
    case 'fill':
    case 'hatch':
      context.fillStyle = swatch.kind === 'fill' ? swatch.colour : '#ffffff';
      context.fillRect(x, y, width, height);
      if (swatch.kind === 'hatch') {
        context.beginPath();
        context.rect(x, y, width, height);
        context.clip();
        context.strokeStyle = swatch.colour;
        context.lineWidth = Math.max(1, height * 0.14);
        const step = height * 0.42;
        for (let offset = -height; offset < width + height; offset += step) {
          context.beginPath();
          context.moveTo(x + offset, y + height);
          context.lineTo(x + offset + height, y);
          context.stroke();
        }
        context.restore();
        context.save();
      }
      context.strokeStyle = '#000000';
      context.lineWidth = lineWidth;
      context.strokeRect(x, y, width, height);
      break;
    case 'line':
      context.strokeStyle = swatch.colour;
      context.lineWidth = Math.max(1, height * 0.22);
      if (swatch.dashed) context.setLineDash([height * 0.6, height * 0.3]);
      context.beginPath();
      context.moveTo(x, y + height / 2);
      context.lineTo(x + width, y + height / 2);
      context.stroke();
      break;
    case 'symbol': {
      const size = Math.min(width, height * 1.3);
      const centreX = x + width / 2;
      const centreY = y + height / 2;
      context.beginPath();
      context.arc(centreX, centreY, size / 2, 0, Math.PI * 2);
      context.fillStyle = swatch.colour;
      context.fill();
      context.strokeStyle = '#000000';
      context.lineWidth = lineWidth;
      context.stroke();
      // The glyph on its 24-unit grid, scaled into the disc.
      const scale = (size * 0.68) / 24;
      context.translate(centreX - 12 * scale, centreY - 12 * scale);
      context.scale(scale, scale);
      context.strokeStyle = isLightColour(swatch.colour) ? '#111111' : '#ffffff';
      context.lineWidth = 2.2;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      context.stroke(new Path2D(swatch.icon));
      break;
    }
  }
  context.restore();
}

/** A canvas as PNG or JPEG bytes. */
export function canvasBytes(canvas: HTMLCanvasElement, type: 'image/png' | 'image/jpeg', quality?: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => {
        if (!blob) reject(new Error('The page could not be encoded'));
        else blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject);
      },
      type,
      quality,
    );
  });
}

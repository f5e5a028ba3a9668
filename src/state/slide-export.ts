/**
 * Exporting slides: every slide (PDF, one page each) or the current view (PNG) laid out on a
 * landscape sheet (io/print-layout), its map rendered off screen at the page's resolution
 * (map/page-render), with title, legend, scale bar, north arrow, source, attribution and date.
 * The maps are the slides' scenes, so the numbers are the suppressed tables of their
 * indicators and no single case is drawn.
 */
import type { AppState } from './app.svelte';
import type { ProjectState } from './project.svelte';
import { SlideScenes, attributionText } from './slide-scene.svelte';
import type { View } from '../domain/types';
import { cameraForFrame } from '../domain/slides';
import { metresPerCssPixel } from '../geo/map-scale';
import { layoutPage, northArrowItems, scaleBarItems, type Paper, type PrintDpi } from '../io/print-layout';
import { withPngDpi } from '../io/png-dpi';
import { pdfDocument } from '../io/pdf-document';
import { PrintMapRenderer, canvasBytes, canvasMeasure, paintPage } from '../map/page-render';
import { basemapById } from '../map/basemaps';

export interface ExportOptions {
  paper: Paper;
  dpi: PrintDpi;
  /** Called before each page is drawn (1-based). */
  onPage?: (page: number, count: number) => void;
  signal?: AbortSignal;
}

export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
  mimeType: string;
}

/** "Jugendhilfe März" → "jugendhilfe-maerz". */
function fileStem(text: string): string {
  const folded = text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return folded.slice(0, 60) || 'karte';
}

function abortIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The export was cancelled', 'AbortError');
}

/** Draw pages of `slides` as canvases, one after another. */
async function* pages(app: AppState, project: ProjectState, slides: readonly View[], options: ExportOptions, numbered: boolean): AsyncGenerator<HTMLCanvasElement> {
  const renderer = new PrintMapRenderer(
    basemapById(project.project.settings.basemap),
    { zoomIn: app.t('map.zoomIn'), zoomOut: app.t('map.zoomOut'), onlineTilesFailed: app.t('map.onlineTilesFailed') },
    options.dpi,
  );
  const measure = canvasMeasure();
  const date = new Intl.DateTimeFormat(app.locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium' }).format(Date.now());
  try {
    for (const [index, slide] of slides.entries()) {
      abortIfAsked(options.signal);
      options.onPage?.(index + 1, slides.length);
      const scenes = new SlideScenes(app, project, slide).scenes;
      // Large located layers are assigned to spaces in a worker: wait for the answer.
      while (scenes.some((scene) => scene.demand?.assigning)) await new Promise((resolve) => setTimeout(resolve, 50));
      const layout = layoutPage(
        {
          title: slide.title,
          subtitle: slide.subtitle,
          maps: scenes.map((scene) => scene.caption),
          legend: scenes.at(-1)!.legend,
          sourceLine: scenes.at(-1)!.sourceLine,
          dateLine: app.t('export.dateLine', { date }),
          attribution: attributionText(project),
          pageLabel: numbered ? app.t('export.pageLabel', { number: index + 1, count: slides.length }) : null,
        },
        options.paper,
        options.dpi,
        measure,
      );
      const images: HTMLCanvasElement[] = [];
      let camera = slide.camera;
      for (const [side, box] of layout.maps.entries()) {
        const width = box.width / renderer.pixelRatio;
        const height = box.height / renderer.pixelRatio;
        camera = cameraForFrame(slide.camera, slide.frame, { width, height });
        images.push(await renderer.render(scenes[side]!.drawing, camera, width, height));
        abortIfAsked(options.signal);
      }
      layout.items.push(...scaleBarItems(layout.scaleBar, metresPerCssPixel(camera.center[1], camera.zoom) / renderer.pixelRatio));
      layout.items.push(...northArrowItems(layout.northArrow, camera.bearing));
      yield paintPage(layout, images);
    }
  } finally {
    renderer.destroy();
  }
}

/** All slides as one PDF, a page each. */
export async function exportSlidesPdf(app: AppState, project: ProjectState, slides: readonly View[], options: ExportOptions): Promise<ExportedFile> {
  if (slides.length === 0) throw new Error('There are no slides to export');
  const images: Uint8Array[] = [];
  for await (const page of pages(app, project, slides, options, true)) images.push(await canvasBytes(page, 'image/png'));
  abortIfAsked(options.signal);
  const bytes = pdfDocument(
    images.map((image) => ({ paper: options.paper, image, format: 'PNG' as const })),
    { title: project.project.name, subject: app.t('export.subject'), creator: 'Sozialraum-Atlas', createdAt: Date.now() },
  );
  return { fileName: `folien-${fileStem(project.project.name)}.pdf`, bytes, mimeType: 'application/pdf' };
}

/** The map as it is now (captured like a slide) as one PNG page declaring its resolution. */
export async function exportViewPng(app: AppState, project: ProjectState, view: View, options: ExportOptions): Promise<ExportedFile> {
  let bytes: Uint8Array | null = null;
  for await (const page of pages(app, project, [view], options, false)) bytes = withPngDpi(await canvasBytes(page, 'image/png'), options.dpi);
  return { fileName: `karte-${fileStem(view.title)}-${options.paper.toLowerCase()}-${options.dpi}dpi.png`, bytes: bytes!, mimeType: 'image/png' };
}

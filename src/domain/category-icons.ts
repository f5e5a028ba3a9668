/**
 * The glyphs of the category icons: SVG path data on a 24 × 24 grid, drawn as round-capped
 * 2-unit strokes. Lists draw them as inline SVG, the map rasterises them into symbol images:
 * one source for both, so a category looks the same everywhere.
 */
import type { CategoryIcon } from './categories';

export const CATEGORY_ICON_PATHS: Readonly<Record<CategoryIcon, string>> = {
  // Building blocks.
  kita: 'M4 13h7v7H4z M13 13h7v7h-7z M8.5 4h7v7h-7z',
  // An open book.
  school: 'M3 6c3-1.3 6-1.3 9 1 3-2.3 6-2.3 9-1v12c-3-1-6-1-9 1-3-2-6-2-9-1z M12 7v12',
  // A ball.
  club: 'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z M4.5 7.5c4.5 2.5 10.5 2.5 15 0 M4.5 16.5c4.5-2.5 10.5-2.5 15 0',
  // Two people.
  youth: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M3 20c0-3.3 2.7-5 6-5s6 1.7 6 5 M16 5.3a3 3 0 0 1 0 5.4 M18 15c1.8.6 3 2.2 3 5',
  // A heart.
  family: 'M12 20s-8-4.6-8-10.3A4.2 4.2 0 0 1 12 7a4.2 4.2 0 0 1 8 2.7C20 15.4 12 20 12 20z',
  // A speech bubble.
  counselling: 'M4 5h16v11H10l-5 4v-4H4z M8 9.5h8 M8 12.5h5',
  // One roof over several doors ("Hilfen unter einem Dach").
  provider: 'M2.5 11.5 12 4l9.5 7.5 M5 10v10h14V10 M9 20v-5h6v5',
  // A swing.
  playground: 'M3 21 7 3h10l4 18 M10 3v10 M14 3v10 M9 13h6',
  // A cross.
  health: 'M9 4h6v5h5v6h-5v5H9v-5H4V9h5z',
  // A dot in a ring.
  other: 'M12 7a5 5 0 1 0 0 10 5 5 0 1 0 0-10z M12 11v2',
  // Books on a shelf.
  library: 'M5 4v16 M9 4v16 M13.5 5l4 15 M3 20h18',
  // A church.
  church: 'M12 2v6 M9.5 4.5h5 M5 21v-9l7-4 7 4v9z M10 21v-4h4v4',
  // A note.
  music: 'M9 18V5l10-2v13 M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0z M19 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z',
  // A bed (residential group).
  home: 'M3 19V6 M3 15h18v4 M21 15v-3a3 3 0 0 0-3-3h-7v6 M7 12.5a2 2 0 1 0 0-.01',
};

/** Dark glyphs on light category colours, white ones on dark colours (WCAG relative luminance). */
export function isLightColour(hex: string): boolean {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return false;
  // Above 0.179 black text has more contrast than white.
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5) > 0.179;
}

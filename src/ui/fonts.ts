/**
 * Registers the bundled Noto Sans faces (OFL) under the family names the map style asks for,
 * so map labels and UI text look the same on every machine and need no font server.
 */
import regularUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import boldUrl from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import { LABEL_FONT_BOLD, LABEL_FONT_REGULAR } from '../map/style';

export async function registerFonts(): Promise<void> {
  const faces = [
    new FontFace('Atlas Sans', `url(${regularUrl}) format('woff2')`, { weight: '400' }),
    new FontFace('Atlas Sans', `url(${boldUrl}) format('woff2')`, { weight: '700' }),
    new FontFace(LABEL_FONT_REGULAR, `url(${regularUrl}) format('woff2')`, { weight: '400' }),
    new FontFace(LABEL_FONT_BOLD, `url(${boldUrl}) format('woff2')`, { weight: '700' }),
  ];
  await Promise.all(
    faces.map(async (face) => {
      document.fonts.add(face);
      await face.load();
    }),
  );
}

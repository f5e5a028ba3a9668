/**
 * A PDF of finished pages (jsPDF): one landscape page per image, the paper size of each page
 * its own, the image filling it edge to edge. The images carry everything (map, title, legend,
 * scale bar, north arrow, attribution, date), so the PDF shows exactly what the PNG export does.
 */
import { jsPDF } from 'jspdf';
import { PAPER_MILLIMETRES, type Paper } from './print-layout';

export interface PdfPage {
  paper: Paper;
  /** The page as an image (PNG or JPEG bytes) of the paper's aspect. */
  image: Uint8Array;
  format: 'PNG' | 'JPEG';
}

export interface PdfInfo {
  title: string;
  subject: string;
  creator: string;
  /** Milliseconds since 1970. */
  createdAt: number;
}

/** The PDF's bytes. */
export function pdfDocument(pages: readonly PdfPage[], info: PdfInfo): Uint8Array {
  if (pages.length === 0) throw new Error('A PDF needs at least one page');
  const first = pages[0]!;
  const document = new jsPDF({ orientation: 'landscape', unit: 'mm', format: first.paper.toLowerCase(), compress: true });
  document.setProperties({ title: info.title, subject: info.subject, creator: info.creator });
  document.setCreationDate(new Date(info.createdAt));
  pages.forEach((page, index) => {
    if (index > 0) document.addPage(page.paper.toLowerCase(), 'landscape');
    const { width, height } = PAPER_MILLIMETRES[page.paper];
    // 'FAST': quick deflate of the page image (PNG); JPEG bytes are embedded as they are.
    document.addImage(page.image, page.format, 0, 0, width, height, `page-${index}`, 'FAST');
  });
  return new Uint8Array(document.output('arraybuffer'));
}

/** Offer text or bytes to the user as a file download (nothing leaves the machine). */
export function downloadFile(fileName: string, content: string | Uint8Array, mimeType: string): void {
  downloadBlob(fileName, new Blob([content as BlobPart], { type: mimeType }));
}

/** Offer a Blob (e.g. a project file packed in a worker) as a file download. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

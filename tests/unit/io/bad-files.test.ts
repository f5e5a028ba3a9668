/**
 * Every case of the bad-input corpus (tests/fixtures/bad/corpus.ts) through the reader of the
 * dialog it is opened in: each is refused with its code, or read with the problem reported at
 * its line or feature, and every message names the file.
 */
import { describe, expect, it } from 'vitest';
import { badFiles, type BadFile } from '../../fixtures/bad/corpus';
import { tryReadVectorFile } from '../../../src/io/vector-import';
import { sniffCsv } from '../../../src/io/csv';
import { CsvFileError, type CsvFileErrorData } from '../../../src/io/csv/errors';
import { tryReadProjectFile } from '../../../src/io/project-file/read';
import { bytesSource } from '../../../src/io/zip-read';
import { tableImportApi } from '../../../src/workers/table-import.worker';

/** What a reader said about a file, in one shape. */
interface Outcome {
  refused: boolean;
  code: string;
  message: string;
  line?: number;
  feature?: number;
}

async function read(file: BadFile): Promise<Outcome> {
  const bytes = file.bytes();
  switch (file.importer) {
    case 'vector': {
      const outcome = await tryReadVectorFile(file.name, bytes);
      if (!outcome.ok) return { refused: true, code: outcome.error.code, message: outcome.error.message, line: outcome.error.params['line'] as number | undefined };
      const [problem] = outcome.result.problems;
      if (problem) return { refused: false, code: problem.code, message: `${file.name}: ${problem.message}`, feature: problem.featureNumber };
      return { refused: false, code: outcome.result.crs.noteCode, message: `${file.name}: ${outcome.result.crs.note}` };
    }
    case 'table': {
      try {
        // As the wizard's worker reads it: the file by reference, its first mebibyte sniffed.
        const sniff = await tableImportApi.sniff(new Blob([bytes as Uint8Array<ArrayBuffer>]), {});
        const note = sniff.notes.find((candidate) => candidate.code !== 'single-column' && candidate.code !== 'no-rows') ?? sniff.notes[0];
        if (!note) return { refused: false, code: 'none', message: '' };
        const line = 'lines' in note ? note.lines[0] : 'line' in note ? note.line : undefined;
        return { refused: false, code: note.code, message: `${file.name}: ${JSON.stringify(note)}`, line };
      } catch (error) {
        const data = error instanceof CsvFileError ? error.toData() : (error as CsvFileErrorData);
        return { refused: true, code: data.code, message: `${file.name}: ${data.message}`, line: data.params['line'] as number | undefined };
      }
    }
    case 'project': {
      const outcome = await tryReadProjectFile(bytesSource(bytes), file.name);
      if (outcome.ok) return { refused: false, code: 'accepted', message: '' };
      return { refused: true, code: outcome.error.code, message: outcome.error.message };
    }
  }
}

describe('bad-input corpus', () => {
  it('covers every kind of bad file the app must survive', () => {
    const codes = new Set(badFiles().map((file) => file.expected.code));
    for (const code of ['file-empty', 'empty', 'binary', 'not-zip', 'zip-truncated', 'zip-too-large', 'entry-size', 'malformed-quotes', 'field-count', 'line-too-long', 'too-many-columns', 'invalid-utf8', 'coordinate-not-finite', 'ring-unclosed', 'self-intersection', 'too-many-vertices', 'crs.declared-mismatch', 'crs.swapped-axes', 'json-too-deep', 'inconsistent', 'version-newer']) {
      expect(codes, code).toContain(code);
    }
    expect(new Set(badFiles().map((file) => file.name)).size).toBe(badFiles().length);
  });

  it.each(badFiles().map((file) => [file.name, file.what, file] as const))('%s (%s)', async (_name, _what, file) => {
    const outcome = await read(file);
    expect(outcome.code).toBe(file.expected.code);
    expect(outcome.refused).toBe(file.expected.refused);
    expect(outcome.message).toContain(file.name);
    if (file.expected.line !== undefined) expect(outcome.line).toBe(file.expected.line);
    if (file.expected.feature !== undefined) expect(outcome.feature).toBe(file.expected.feature);
  }, 60_000);
});

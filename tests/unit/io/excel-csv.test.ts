import { describe, expect, it } from 'vitest';
import { indicatorTableCsv, toExcelCsv } from '../../../src/io/excel-csv';

describe('CSV for German Excel', () => {
  it('writes BOM, semicolons, CRLF, decimal commas and guards formulas', () => {
    expect(toExcelCsv(['Name', 'Wert'], [['=SUMME(A1)', 12.5], ['Süd', null]])).toBe("\ufeffName;Wert\r\n'=SUMME(A1);12,5\r\nSüd;\r\n");
  });

  it('writes suppressed counts and the values built on them as their mark, never as numbers', () => {
    const csv = indicatorTableCsv(
      ['Code', 'Name', 'Fälle', 'Einwohner', 'Wert', 'Abweichung'],
      [
        { code: 'SR 01', name: 'Mitte', count: 85, population: 1853, value: 45.87162, deviation: 12.5432, hidden: null },
        { code: 'SR 02', name: 'Nord', count: null, population: 900, value: null, deviation: null, hidden: '< 5' },
        { code: 'SR 03', name: 'Süd', count: null, population: 700, value: null, deviation: null, hidden: '•' },
      ],
      1,
    );
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[1]).toBe('SR 01;Mitte;85;1853;45,9;12,5');
    expect(lines[2]).toBe('SR 02;Nord;< 5;900;< 5;< 5');
    expect(lines[3]).toBe('SR 03;Süd;•;700;•;•');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arsToAgs, createAreaMatcher, type AreaRecord } from '../../../../src/io/location/area-keys';
import { deepFreeze } from '../../helpers';

const spaces: AreaRecord[] = deepFreeze(JSON.parse(readFileSync(new URL('../../../fixtures/location/social-spaces.json', import.meta.url), 'utf8')));

describe('createAreaMatcher: one area written many ways', () => {
  const matcher = createAreaMatcher(spaces);

  it.each([
    ['04', 'exact'],
    ['SR 04', 'exact'],
    ['4', 'code'],
    ['004', 'code'],
    ['sr-04', 'code'],
    ['SR04', 'code'],
    ['STGT04', 'number'],
    ['Nr. 4', 'number'],
    ['04 Westliche Höhe', 'name'],
    ['SR 04 Westliche Höhe', 'name'],
    ['Westliche Höhe (SR 4)', 'name'],
    ['Westliche_Höhe', 'name'],
    ['Westliche Höhe', 'name'],
    ['westliche hoehe', 'name'],
    ['WESTLICHE HÖHE', 'name'],
    ['Westliche-Hoehe', 'name'],
    [' Westliche  Höhe ', 'name'],
    ['Westliche Hohe', 'fuzzy'],
    ['Westlich Höhe', 'fuzzy'],
    ['04 Westl. Höhe', 'number'],
    [4, 'code'],
  ])('%j → Westliche Höhe (%s)', (raw, how) => {
    const result = matcher.match(raw);
    expect(result).toMatchObject({ matched: true, areaId: 's04', how });
    if (result.matched) {
      if (how === 'fuzzy') {
        expect(result.score).toBeGreaterThanOrEqual(0.8);
        expect(result.score).toBeLessThan(1);
      } else if (raw === '04 Westl. Höhe') expect(result.score).toBe(0.75);
      else expect(result.score).toBe(1);
    }
  });

  it('folds ß, umlauts and "Sankt"/"St." spellings of names', () => {
    expect(matcher.match('Weissenfeld')).toMatchObject({ areaId: 's07', how: 'name' });
    expect(matcher.match('am muehlbach')).toMatchObject({ areaId: 's05', how: 'name' });
    expect(matcher.match('Strasse der Einheit')).toMatchObject({ areaId: 's10', how: 'name' });
    expect(matcher.match('Sankt-Georg')).toMatchObject({ areaId: 's06', how: 'name' });
  });

  it('lists the three closest areas for an unknown key', () => {
    const byNumber = matcher.match('SR 09');
    expect(byNumber).toMatchObject({ matched: false, unmatched: true, reason: 'unknown' });
    if (!byNumber.matched) {
      expect(byNumber.candidates.map((candidate) => candidate.areaId)).toEqual(['s10', 's11', 's07']);
      expect(byNumber.detail).toBe('no area with key, code or name "SR 09"');
    }
    const byName = matcher.match('Nordvirtel-Süd');
    expect(byName).toMatchObject({ matched: false, reason: 'unknown' });
    if (!byName.matched) {
      expect(byName.candidates[0]).toMatchObject({ areaId: 's02', code: 'SR 02', name: 'Nordviertel' });
      expect(byName.candidates).toHaveLength(3);
      expect(byName.candidates[0]!.score).toBeGreaterThan(byName.candidates[1]!.score);
    }
  });

  it('reports empty keys', () => {
    expect(matcher.match('')).toMatchObject({ matched: false, reason: 'empty', candidates: [] });
    expect(matcher.match(null)).toMatchObject({ matched: false, reason: 'empty' });
    expect(matcher.match('  ')).toMatchObject({ matched: false, reason: 'empty' });
  });

  it('reports a number and a name that point to different areas as a conflict', () => {
    const result = matcher.match('03 Westliche Höhe');
    expect(result).toMatchObject({ matched: false, reason: 'conflict' });
    if (!result.matched) expect(result.candidates.map((candidate) => candidate.areaId).sort()).toEqual(['s03', 's04']);
  });

  it('never matches digits fuzzily', () => {
    expect(matcher.match('12')).toMatchObject({ matched: false, reason: 'unknown' });
    expect(matcher.match('SR 12')).toMatchObject({ matched: false, reason: 'unknown' });
  });
});

describe('createAreaMatcher: ambiguity is reported, not resolved', () => {
  it('two areas with the same name', () => {
    const matcher = createAreaMatcher([
      { id: 'a', code: 'A1', key: '', name: 'Neustadt' },
      { id: 'b', code: 'B1', key: '', name: 'Neustadt' },
    ]);
    const result = matcher.match('neustadt');
    expect(result).toMatchObject({ matched: false, reason: 'ambiguous', detail: '"neustadt" fits 2 areas by name' });
    if (!result.matched) expect(result.candidates.map((candidate) => candidate.areaId)).toEqual(['a', 'b']);
    // The code tells them apart.
    expect(matcher.match('B1 Neustadt')).toMatchObject({ matched: true, areaId: 'b', how: 'name' });
  });

  it('a number shared by a code and another area’s key', () => {
    const matcher = createAreaMatcher([
      { id: 'a', code: 'SR 4', key: 'x', name: 'Eins' },
      { id: 'b', code: 'BU 4', key: 'y', name: 'Zwei' },
    ]);
    expect(matcher.match('4')).toMatchObject({ matched: false, reason: 'ambiguous' });
    expect(matcher.match('SR 4')).toMatchObject({ matched: true, areaId: 'a', how: 'exact' });
  });

  it('a typo as close to "Westliche Höhe" as to "Östliche Höhe"', () => {
    const matcher = createAreaMatcher(spaces);
    const result = matcher.match('estliche Höhe');
    expect(result).toMatchObject({ matched: false, reason: 'ambiguous', detail: '"estliche Höhe" fits 2 areas by similar name' });
    if (!result.matched) expect(result.candidates.map((candidate) => candidate.areaId).sort()).toEqual(['s03', 's04']);
  });

  it('keeps a trailing number apart from the name only when a code prefix stands before it', () => {
    const matcher = createAreaMatcher([
      { id: 'n2', code: '2', name: 'Ortsteil Nord' },
      { id: 'n3', code: '3', name: 'Ortsteil Nord 3' },
    ]);
    expect(matcher.match('Ortsteil Nord 2')).toMatchObject({ matched: true, areaId: 'n2', how: 'name' });
    expect(matcher.match('Ortsteil Nord 3')).toMatchObject({ matched: true, areaId: 'n3', how: 'name' });
    expect(matcher.match('Ortsteil Nord (Nr. 2)')).toMatchObject({ matched: true, areaId: 'n2', how: 'name' });
  });

  it('two names equally close to a typo', () => {
    const matcher = createAreaMatcher([
      { id: 'a', name: 'Sozialraum 1' },
      { id: 'b', name: 'Sozialraum 2' },
    ]);
    expect(matcher.match('Sozialraum 1')).toMatchObject({ matched: true, areaId: 'a' });
    const result = matcher.match('Sozialraum');
    expect(result).toMatchObject({ matched: false, reason: 'ambiguous' });
    if (!result.matched) expect(result.candidates.map((candidate) => candidate.areaId).sort()).toEqual(['a', 'b']);
  });
});

describe('createAreaMatcher: official keys', () => {
  const gemeinden = deepFreeze([
    { id: 'duesseldorf', key: '05111000', name: 'Düsseldorf' },
    { id: 'duisburg', key: '05112000', name: 'Duisburg' },
    { id: 'lauf', key: '09574138', name: 'Lauf a.d.Pegnitz' },
    { id: 'berlin', key: '11000000', name: 'Berlin' },
  ]);
  const matcher = createAreaMatcher(gemeinden);

  it('AGS with and without the leading zero, with spaces, as Excel writes numbers, and from a 12-digit ARS', () => {
    expect(matcher.match('05111000')).toMatchObject({ areaId: 'duesseldorf', how: 'exact' });
    expect(matcher.match('5111000')).toMatchObject({ areaId: 'duesseldorf', how: 'code' });
    expect(matcher.match(5111000)).toMatchObject({ areaId: 'duesseldorf', how: 'code' });
    expect(matcher.match('05 111 000')).toMatchObject({ areaId: 'duesseldorf', how: 'code' });
    expect(matcher.match('5111000.0')).toMatchObject({ areaId: 'duesseldorf', how: 'code' });
    expect(matcher.match('5.111E+06')).toMatchObject({ areaId: 'duesseldorf', how: 'code' });
    expect(matcher.match('051110000000')).toMatchObject({ areaId: 'duesseldorf', how: 'code' });
    expect(matcher.match('95745138138')).toMatchObject({ areaId: 'lauf', how: 'code' });
    expect(matcher.match('AGS 09574138')).toMatchObject({ areaId: 'lauf', how: 'number' });
    expect(matcher.match('110000000000')).toMatchObject({ areaId: 'berlin', how: 'code' });
  });

  it('a neighbouring AGS is not a match but a candidate', () => {
    const result = matcher.match('05111001');
    expect(result).toMatchObject({ matched: false, reason: 'unknown' });
    if (!result.matched) expect(result.candidates[0]!.areaId).toBe('duesseldorf');
  });

  it('areas keyed by ARS are found by their AGS', () => {
    const byArs = createAreaMatcher([{ id: 'lauf', key: '095745138138', name: 'Lauf' }]);
    expect(byArs.match('09574138')).toMatchObject({ areaId: 'lauf', how: 'code' });
    expect(arsToAgs('095745138138')).toBe('09574138');
    expect(arsToAgs('95745138138')).toBe('09574138');
    expect(arsToAgs('09574138')).toBeNull();
  });

  it('Berlin LOR keys that lost their leading zeros', () => {
    const lor = createAreaMatcher([
      { id: 'plr-stueler', key: '01100101', name: 'Stülerstraße' },
      { id: 'plr-tiergarten', key: '01100102', name: 'Großer Tiergarten' },
      { id: 'pgr-zentrum', key: '0110', name: 'Zentrum' },
      { id: 'bzr', key: '011001', name: 'Tiergarten Süd' },
    ]);
    expect(lor.match('1100101')).toMatchObject({ areaId: 'plr-stueler', how: 'code' });
    expect(lor.match(1100102)).toMatchObject({ areaId: 'plr-tiergarten', how: 'code' });
    expect(lor.match('110')).toMatchObject({ areaId: 'pgr-zentrum', how: 'code' });
    expect(lor.match('11001')).toMatchObject({ areaId: 'bzr', how: 'code' });
    expect(lor.match('Stuelerstrasse')).toMatchObject({ areaId: 'plr-stueler', how: 'name' });
  });
});

describe('createAreaMatcher: keys of a finer level, on request', () => {
  const prognoseraeume = deepFreeze([
    { id: 'zentrum', key: '0110', name: 'Zentrum' },
    { id: 'moabit', key: '0120', name: 'Moabit' },
    { id: 'gesundbrunnen', key: '0140', name: 'Gesundbrunnen' },
  ]);

  it('finds the area whose key a Planungsraum key starts with, only when asked', () => {
    const plain = createAreaMatcher(prognoseraeume);
    expect(plain.parentDigits).toBe(0);
    expect(plain.match('01100101')).toMatchObject({ matched: false, reason: 'unknown' });
    const parents = createAreaMatcher(prognoseraeume, { parents: true });
    expect(parents.parentDigits).toBe(4);
    expect(parents.match('01100101')).toMatchObject({ areaId: 'zentrum', how: 'parent', score: 1 });
    expect(parents.match('01200417')).toMatchObject({ areaId: 'moabit', how: 'parent' });
    // The area's own key still matches as itself; a longer key of no area stays unknown.
    expect(parents.match('0110')).toMatchObject({ areaId: 'zentrum', how: 'exact' });
    expect(parents.match('09990101')).toMatchObject({ matched: false, reason: 'unknown' });
    // Names are not cut.
    expect(parents.match('Moabit West')).not.toMatchObject({ how: 'parent' });
    const report = parents.matchAll(['01100101', '01100102', '01400940', 'Zentrum']);
    expect(report.counts).toMatchObject({ parent: 3, name: 1, unmatched: 0 });
  });

  it('is not offered when the areas’ keys differ in length or are not all digits', () => {
    expect(createAreaMatcher([{ id: 'a', key: '0110' }, { id: 'b', key: '01200' }], { parents: true }).parentDigits).toBe(0);
    expect(createAreaMatcher([{ id: 'a', key: 'SR01' }, { id: 'b', key: 'SR02' }], { parents: true }).parentDigits).toBe(0);
  });
});

describe('createAreaMatcher: overrides and whole columns', () => {
  it('applies the user’s mappings first and refuses mappings to unknown areas', () => {
    const matcher = createAreaMatcher(spaces, { overrides: { 'Altstadt': 's01', 'SR 04': 's05' } });
    expect(matcher.match('altstadt')).toMatchObject({ matched: true, areaId: 's01', how: 'manual', score: 1 });
    expect(matcher.match('SR 04')).toMatchObject({ areaId: 's05', how: 'manual' });
    expect(() => createAreaMatcher(spaces, { overrides: new Map([['x', 'nope']]) })).toThrow('unknown area "nope"');
  });

  it('summarises a column: counts per rule, unknown keys with their rows and candidates, guesses to check', () => {
    const matcher = createAreaMatcher(spaces);
    const column = ['04', '4', 'Westliche Hohe', 'Atlantis', '', 'Atlantis', 'Hafen', '03 Westliche Höhe', 'SR 04'];
    const report = matcher.matchAll(column);
    expect(report.results).toHaveLength(column.length);
    expect(report.counts).toEqual({ manual: 0, exact: 2, code: 1, name: 1, number: 0, fuzzy: 1, parent: 0, unmatched: 4 });
    expect(report.unmatched.map((entry) => [entry.raw, entry.rows, entry.reason])).toEqual([
      ['Atlantis', [3, 5], 'unknown'],
      ['', [4], 'empty'],
      ['03 Westliche Höhe', [7], 'conflict'],
    ]);
    expect(report.unmatched[0]!.candidates).toHaveLength(3);
    expect(report.guesses).toEqual([{ raw: 'Westliche Hohe', rows: [2], areaId: 's04', how: 'fuzzy', score: expect.any(Number) }]);
  });

  it('matches a million rows with a few hundred distinct keys in well under a second', () => {
    const areas = Array.from({ length: 500 }, (_, index) => ({ id: `u${index}`, key: String(1100100 + index).padStart(8, '0'), code: '', name: `Planungsraum ${index}` }));
    const matcher = createAreaMatcher(areas);
    const column = Array.from({ length: 1_000_000 }, (_, index) => String(1100100 + (index % 600)));
    const started = performance.now();
    const report = matcher.matchAll(column);
    const elapsed = performance.now() - started;
    console.log(`area keys: 1,000,000 rows, 600 distinct keys, 500 areas: ${elapsed.toFixed(0)} ms`);
    const known = column.filter((key) => Number(key) < 1100600).length;
    expect(report.counts.code).toBe(known);
    expect(report.unmatched).toHaveLength(100);
    expect(elapsed).toBeLessThan(1500);
  });
});

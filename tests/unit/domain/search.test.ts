import { describe, expect, it } from 'vitest';
import { createSearchIndex, searchWords, type SearchDocument, type SearchIndex } from '../../../src/domain/search';
import { deepFreeze } from '../helpers';

/** Resources of a small German district, as an office export would name them. */
function resources(): SearchDocument[] {
  return deepFreeze([
    {
      id: 'kita-regenbogen',
      fields: { name: 'Kindergarten Regenbogen', category: 'Kita', address: 'Lindenweg 4, 12345 Auenstadt', provider: 'AWO Kreisverband' },
    },
    {
      id: 'kita-sonnenschein',
      fields: { name: 'Kita Sonnenschein', category: 'Kita', address: 'Am Markt 2', provider: 'Caritas', extra: 'Kindergarten und Krippe, U3-Betreuung' },
    },
    { id: 'kita-wald', fields: { name: 'Waldkindergarten Eichhörnchen', category: 'Kita', address: 'Forstweg 1' } },
    { id: 'school-park', fields: { name: 'Grundschule am Park', category: 'Schule (Grundschule)', address: 'Parkstraße 10' } },
    { id: 'school-nord', fields: { name: 'Gesamtschule Auenstadt-Nord', category: 'Schule (Gesamtschule)', address: 'Schulstr. 1' } },
    { id: 'youth-sued', fields: { name: 'Jugendzentrum Süd', category: 'Jugendfreizeiteinrichtung', address: 'Mühlenstraße 3' } },
    { id: 'youth-nord', fields: { name: 'Jugendzentrum Nord', category: 'Jugendfreizeiteinrichtung', address: 'Nordring 12' } },
    { id: 'youth-muehle', fields: { name: 'Jugendtreff Mühle', category: 'Jugendfreizeiteinrichtung', address: 'Am Mühlbach 7' } },
    { id: 'family-park', fields: { name: 'Familienzentrum am Park', address: 'Parkweg 2', provider: 'Diakonie' } },
    { id: 'family-west', fields: { name: 'Familien-Zentrum Weststadt', address: 'Westallee 9' } },
    { id: 'family-ost', fields: { name: 'Familien Zentrum Ost', address: 'Ostweg 4' } },
    { id: 'counselling', fields: { name: 'Erziehungsberatungsstelle', provider: 'Caritas', address: 'Große Straße 5, Am Park' } },
    { id: 'neighbourhood', fields: { name: 'Stadtteiltreff Buergerhaus', address: 'Strasse der Einheit 8' } },
    { id: 'sports', fields: { name: 'TSV Auenstadt 1862 e.V.', category: 'Sportverein', address: 'Sportplatzweg 1' } },
  ]);
}

function districtIndex(): SearchIndex {
  return createSearchIndex(resources());
}

const ids = (index: SearchIndex, query: string): string[] => index.search(query).map((hit) => hit.id);

describe('the queries of the resources issue', () => {
  it('"Kindergarden" finds the Kindergarten by name first, then Kitas whose text says Kindergarten', () => {
    const found = ids(districtIndex(), 'Kindergarden');
    expect(found[0]).toBe('kita-regenbogen');
    expect(found).toContain('kita-sonnenschein');
    expect(found).toContain('kita-wald');
    expect(found).not.toContain('youth-sued');
  });

  it('"Jugendzentrum Sud" finds "Jugendzentrum Süd" and not the other youth centre', () => {
    expect(ids(districtIndex(), 'Jugendzentrum Sud')).toEqual(['youth-sued']);
  });
});

describe('German spelling variants', () => {
  it('treats ü, ue and u alike, whichever way the text and the query spell it', () => {
    const index = districtIndex();
    for (const query of ['Süd', 'Sued', 'Sud', 'SÜD', 'Su\u0308d']) expect(ids(index, `Jugendzentrum ${query}`)).toEqual(['youth-sued']);
    for (const query of ['Mühle', 'Muehle', 'Muhle']) expect(ids(index, `Jugendtreff ${query}`)).toEqual(['youth-muehle']);
    for (const query of ['Bürgerhaus', 'Buergerhaus', 'Burgerhaus']) expect(ids(index, query)).toEqual(['neighbourhood']);
  });

  it('counts an umlaut spelled any way as the same word, not as a typo', () => {
    const index = createSearchIndex([
      { id: 'spelled-out', fields: { name: 'Jugendzentrum Sued' } },
      { id: 'dots', fields: { name: 'Jugendtreff Mühle' } },
    ]);
    // Three letters forgive no typo: only folding makes "Sud" and "Süd" meet "Sued".
    for (const query of ['Sud', 'Süd', 'Sued']) expect(index.search(query)).toEqual([{ id: 'spelled-out', score: 1, matched: ['name'] }]);
    expect(index.search('Muehle')).toEqual([{ id: 'dots', score: 1, matched: ['name'] }]);
  });

  it('treats ß and ss alike', () => {
    const index = districtIndex();
    expect(ids(index, 'Grosse Strasse')).toEqual(['counselling']);
    expect(ids(index, 'große straße')).toEqual(['counselling']);
    expect(ids(index, 'Straße der Einheit')).toEqual(['neighbourhood']);
  });

  it('reads "Str." as Straße in the text and in the query', () => {
    const index = districtIndex();
    for (const query of ['Mühlenstr.', 'Muehlenstrasse', 'muhlenstr 3', 'Mühlenstraße']) expect(ids(index, query)).toEqual(['youth-sued']);
    expect(ids(index, 'Schulstraße')).toEqual(['school-nord']);
    expect(ids(index, 'Große Str.')).toEqual(['counselling']);
  });

  it('ignores case and keeps "ue" that is no umlaut', () => {
    expect(ids(districtIndex(), 'JUGENDZENTRUM süd')).toEqual(['youth-sued']);
    expect(searchWords('Bauer Feuer Quelle Mühlenstr. Familien-Zentrum')).toEqual([
      'bauer',
      'feuer',
      'quelle',
      'muhlenstrasse',
      'familien',
      'zentrum',
      'familienzentrum',
    ]);
  });
});

describe('compound words, hyphens and spaces', () => {
  it('finds a query word inside a longer word, below whole-word matches', () => {
    const index = createSearchIndex([
      { id: 'compound', fields: { name: 'Jugendzentrum Süd' } },
      { id: 'whole', fields: { name: 'Zentrum für Familien' } },
    ]);
    expect(ids(index, 'zentrum')).toEqual(['whole', 'compound']);
    const [whole, compound] = index.search('zentrum');
    expect(whole!.score).toBeGreaterThan(compound!.score);
  });

  it('finds "Familienzentrum", "Familien-Zentrum" and "Familien Zentrum" whichever way it is typed', () => {
    const index = districtIndex();
    const families = ['family-ost', 'family-park', 'family-west'];
    for (const query of ['Familienzentrum', 'Familien-Zentrum', 'Familien Zentrum', 'familien-zentrum']) {
      expect(ids(index, query).sort()).toEqual(families);
    }
  });

  it('needs the halves of a compound side by side in one field, not anywhere in the resource', () => {
    const index = createSearchIndex([{ id: 'apart', fields: { name: 'Zentrum Nord', extra: 'für Familien' } }]);
    expect(ids(index, 'Familienzentrum')).toEqual([]);
  });
});

describe('typo tolerance', () => {
  it('forgives no typo in words of up to 3 letters', () => {
    const index = districtIndex();
    expect(ids(index, 'TSV')).toEqual(['sports']);
    expect(ids(index, 'TSB')).toEqual([]);
    expect(ids(index, 'Ost')).toEqual(['family-ost']);
    expect(ids(index, 'Oat')).toEqual([]);
  });

  it('forgives one typo in words of 4 to 7 letters, not two', () => {
    const index = createSearchIndex([{ id: 'park', fields: { name: 'Grundschule am Park' } }]);
    expect(ids(index, 'Parc')).toEqual(['park']);
    expect(ids(index, 'Pirc')).toEqual([]);
  });

  it('forgives two typos in longer words, not three', () => {
    const index = districtIndex();
    expect(ids(index, 'Erziehungsberatungstele')).toEqual(['counselling']);
    expect(ids(index, 'Erziehngsberatungstele')).toEqual([]);
  });

  it('never bends numbers: postcodes, house numbers and years are exact', () => {
    const index = districtIndex();
    expect(ids(index, '1862')).toEqual(['sports']);
    expect(ids(index, '1863')).toEqual([]);
    expect(ids(index, '12345')).toEqual(['kita-regenbogen']);
    expect(ids(index, '12346')).toEqual([]);
  });
});

describe('ranking', () => {
  it('puts name matches above address matches', () => {
    const hits = districtIndex().search('Park');
    expect(hits.slice(0, 2).map((hit) => hit.id).sort()).toEqual(['family-park', 'school-park']);
    expect(hits.map((hit) => hit.id)).toContain('counselling');
    const counselling = hits.find((hit) => hit.id === 'counselling')!;
    expect(counselling.matched).toEqual(['address']);
    expect(counselling.score).toBeLessThan(hits[1]!.score);
  });

  it('orders whole word, prefix, inside a word, typo', () => {
    const index = createSearchIndex([
      { id: 'typo', fields: { name: 'Regenbugen' } },
      { id: 'inside', fields: { name: 'Kinderregenbogen' } },
      { id: 'prefix', fields: { name: 'Regenbogenland' } },
      { id: 'whole-long', fields: { name: 'Haus am Regenbogen' } },
      { id: 'whole', fields: { name: 'Kita Regenbogen' } },
      { id: 'address', fields: { name: 'Kita Sonne', address: 'Regenbogenweg 2' } },
    ]);
    expect(ids(index, 'Regenbogen')).toEqual(['whole', 'whole-long', 'prefix', 'inside', 'typo', 'address']);
  });

  it('scores 1 when every word is found whole in the name', () => {
    expect(districtIndex().search('Jugendzentrum Süd')[0]).toEqual({ id: 'youth-sued', score: 1, matched: ['name'] });
  });
});

describe('query handling', () => {
  it('requires every query word to match', () => {
    const index = districtIndex();
    expect(ids(index, 'Jugendzentrum Park')).toEqual([]);
    expect(ids(index, 'Park Familienzentrum')).toEqual(['family-park']);
    expect(ids(index, 'Caritas Kita')).toEqual(['kita-sonnenschein']);
  });

  it('finds nothing for an empty query or one without words', () => {
    const index = districtIndex();
    for (const query of ['', '   ', '?!', ' - ', '„“']) expect(index.search(query)).toEqual([]);
  });

  it('matches the last word by its beginning while it is typed, and waits after a single letter', () => {
    const index = districtIndex();
    expect(ids(index, 'Jugendzentrum S').sort()).toEqual(['youth-nord', 'youth-sued']);
    expect(ids(index, 'Jugendzentrum Sü')).toEqual(['youth-sued']);
    expect(ids(index, 'Jugendz')).toEqual(expect.arrayContaining(['youth-nord', 'youth-sued']));
    expect(ids(index, 'k')).toEqual([]);
  });

  it('keeps only the documents the filter accepts, and at most limit of them', () => {
    const index = districtIndex();
    expect(ids(index, 'Jugendzentrum')).toHaveLength(2);
    expect(index.search('Jugendzentrum', { filter: (id) => id !== 'youth-sued' }).map((hit) => hit.id)).toEqual(['youth-nord']);
    expect(index.search('Kita', { limit: 1 })).toHaveLength(1);
    expect(index.search('Kita', { limit: 0 })).toEqual([]);
  });

  it('treats markup as text: searchable, returned only as ids', () => {
    const markup = '<img src=x onerror=alert(1)>';
    const index = createSearchIndex([
      { id: 'markup', fields: { name: `Treff ${markup}`, extra: '<script>alert("x")</script>' } },
      { id: 'plain', fields: { name: 'Treff am Markt' } },
    ]);
    expect(ids(index, 'onerror')).toEqual(['markup']);
    expect(ids(index, markup)).toEqual(['markup']);
    expect(ids(index, '<script>')).toEqual(['markup']);
    const hits = index.search('Treff').sort((a, b) => a.id.localeCompare(b.id));
    expect(hits).toEqual([
      { id: 'markup', score: 1, matched: ['name'] },
      { id: 'plain', score: 1, matched: ['name'] },
    ]);
  });
});

describe('changing the index', () => {
  it('adds, replaces and removes documents', () => {
    const index = createSearchIndex([{ id: 'a', fields: { name: 'Jugendtreff Mühle' } }]);
    expect(index.size).toBe(1);
    index.add({ id: 'b', fields: { name: 'Jugendzentrum Süd' } });
    expect(ids(index, 'Jugendzentrum')).toEqual(['b']);
    index.add({ id: 'b', fields: { name: 'Kita Sonnenschein' } });
    expect(ids(index, 'Jugendzentrum')).toEqual([]);
    expect(ids(index, 'Sonnenschein')).toEqual(['b']);
    expect(index.size).toBe(2);
    index.remove('a');
    index.remove('unknown');
    expect(ids(index, 'Mühle')).toEqual([]);
    expect(index.has('a')).toBe(false);
    expect(index.size).toBe(1);
  });

  it('does not change the documents it is given', () => {
    const documents = resources();
    const before = JSON.stringify(documents);
    createSearchIndex(documents).search('Kindergarden');
    expect(JSON.stringify(documents)).toBe(before);
  });
});

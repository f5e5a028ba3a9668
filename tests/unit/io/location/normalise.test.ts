import { describe, expect, it } from 'vitest';
import { compactText, editDistance, foldGerman, normaliseKey, similarity } from '../../../../src/io/location/normalise';
import { normaliseKey as assignmentTableKey } from '../../../../src/io/assignment-table';

describe('German text folding', () => {
  it('folds case, ß, umlauts, accents and punctuation', () => {
    expect(foldGerman('Straße des 17. Juni')).toBe('strasse des 17 juni');
    expect(foldGerman('  WESTLICHE_HÖHE  ')).toBe('westliche hoehe');
    expect(foldGerman('Ärzte-Haus Über Öl')).toBe('aerzte haus ueber oel');
    expect(foldGerman('Café Élysée')).toBe('cafe elysee');
    expect(foldGerman('GROẞE STRASSE')).toBe('grosse strasse');
    expect(compactText('Westliche Höhe')).toBe('westlichehoehe');
  });

  it('normalises keys: separators and leading zeros of digit-only keys', () => {
    expect(normaliseKey('004')).toBe('4');
    expect(normaliseKey('0')).toBe('0');
    expect(normaliseKey('05 111 000')).toBe('5111000');
    expect(normaliseKey('SR 03')).toBe(normaliseKey('sr-03'));
    expect(normaliseKey('SR 03')).toBe('sr03');
    expect(normaliseKey('Westliche Höhe')).toBe(normaliseKey('westliche_hoehe'));
    expect(normaliseKey('Mitte (Nord)')).toBe('mittenord');
  });

  it('is the normaliser the key→space table uses', () => {
    expect(assignmentTableKey).toBe(normaliseKey);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('westlichehohe', 'westlichehoehe')).toBe(1);
  });

  it('stops early beyond the limit', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });

  it('similarity is 1 − distance / longer length', () => {
    expect(similarity('abcd', 'abcd')).toBe(1);
    expect(similarity('', '')).toBe(1);
    expect(similarity('abcd', 'abce')).toBe(0.75);
  });
});

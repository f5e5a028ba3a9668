import { describe, expect, it } from 'vitest';
import { parseProjectSnapshot } from '../../../src/io/project-snapshot';
import { testSnapshot } from '../helpers';

describe('parseProjectSnapshot', () => {
  it('accepts a well-formed snapshot', () => {
    const snapshot = testSnapshot('p');
    expect(parseProjectSnapshot(JSON.parse(JSON.stringify(snapshot)), 'x.json')).toEqual(snapshot);
  });

  it('names the file and the missing table', () => {
    const { spaces: _spaces, ...withoutSpaces } = testSnapshot('p');
    expect(() => parseProjectSnapshot(withoutSpaces, 'broken.json')).toThrow('broken.json: table "spaces" is missing');
  });

  it('names the record without id', () => {
    const snapshot = testSnapshot('p') as unknown as { spaces: Record<string, unknown>[] };
    delete snapshot.spaces[1]!['id'];
    expect(() => parseProjectSnapshot(snapshot, 'x.json')).toThrow('x.json: spaces[1] has no string "id"');
  });

  it('refuses non-objects and several projects', () => {
    expect(() => parseProjectSnapshot([], 'x.json')).toThrow('expected a JSON object');
    const snapshot = testSnapshot('p');
    snapshot.projects.push({ ...snapshot.projects[0]!, id: 'q' });
    expect(() => parseProjectSnapshot(snapshot, 'x.json')).toThrow('expected exactly one project, found 2');
  });
});

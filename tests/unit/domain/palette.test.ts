import { describe, expect, it } from 'vitest';
import { nextSpaceColour, SPACE_COLOURS } from '../../../src/domain/palette';

describe('nextSpaceColour', () => {
  it('takes the first unused colour, ignoring case', () => {
    expect(nextSpaceColour(['#0072b2'])).toBe('#E69F00');
  });

  it('cycles when every colour is used', () => {
    expect(nextSpaceColour([...SPACE_COLOURS])).toBe(SPACE_COLOURS[0]);
  });
});

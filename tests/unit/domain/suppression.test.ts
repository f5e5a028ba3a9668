import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/seeded';
import {
  DEFAULT_SUPPRESSION_THRESHOLD,
  formatCount,
  isSuppressed,
  publishCount,
  SECONDARY_SUPPRESSION_MARK,
  suppressRate,
  suppressTable,
  type PublishedCount,
  type SuppressedTable,
  type TableCell,
} from '../../../src/domain/suppression';

/** Cells from rows of counts: `grid({ A: [3, 12] }, ['x', 'y'])`. */
function grid(rows: Record<string, number[]>, columns: string[]): TableCell[] {
  return Object.entries(rows).flatMap(([row, counts]) => counts.map((count, i) => ({ row, column: columns[i]!, count })));
}

function hiddenCells(table: SuppressedTable): string[] {
  return table.cells.filter((cell) => cell.value === null).map((cell) => `${cell.row}${cell.column}:${cell.reason}`);
}

/** The value a published cell shows, or the reason it is hidden. */
function shown(table: SuppressedTable, row: string, column: string): number | string {
  const cell = table.cells.find((candidate) => candidate.row === row && candidate.column === column)!;
  return cell.value ?? cell.reason!;
}

/**
 * True when `alternative` (a different table of true counts) agrees with everything `published`
 * shows: every visible cell and total has the same value, and every hidden one lies where a
 * reader expects it (primary: 1 … threshold − 1, secondary: at least the threshold). Then a
 * reader cannot tell the two tables apart.
 */
function consistentWith(published: SuppressedTable, alternative: TableCell[], threshold: number): boolean {
  const fits = (entry: PublishedCount, value: number): boolean => {
    if (entry.value !== null) return entry.value === value;
    return entry.reason === 'primary' ? value >= 1 && value < threshold : value >= threshold;
  };
  const rowTotals = new Map<string, number>();
  const columnTotals = new Map<string, number>();
  let total = 0;
  for (const cell of alternative) {
    rowTotals.set(cell.row, (rowTotals.get(cell.row) ?? 0) + cell.count);
    columnTotals.set(cell.column, (columnTotals.get(cell.column) ?? 0) + cell.count);
    total += cell.count;
  }
  return (
    published.cells.every((cell) => {
      const value = alternative.find((candidate) => candidate.row === cell.row && candidate.column === cell.column)!.count;
      return fits(cell, value);
    }) &&
    [...published.rowTotals].every(([row, entry]) => fits(entry, rowTotals.get(row)!)) &&
    [...published.columnTotals].every(([column, entry]) => fits(entry, columnTotals.get(column)!)) &&
    fits(published.total, total)
  );
}

/** Every published equation (a row or column with its total) hides none or at least two of its numbers. */
function everyLineHidesNoneOrTwo(table: SuppressedTable): boolean {
  const lines = new Map<string, PublishedCount[]>();
  for (const cell of table.cells) {
    lines.set(`row ${cell.row}`, [...(lines.get(`row ${cell.row}`) ?? []), cell]);
    lines.set(`column ${cell.column}`, [...(lines.get(`column ${cell.column}`) ?? []), cell]);
  }
  for (const [row, total] of table.rowTotals) lines.get(`row ${row}`)!.push(total);
  for (const [column, total] of table.columnTotals) lines.get(`column ${column}`)!.push(total);
  lines.set('row totals', [...table.rowTotals.values(), table.total]);
  lines.set('column totals', [...table.columnTotals.values(), table.total]);
  return [...lines.values()].every((line) => line.filter((entry) => entry.value === null).length !== 1);
}


describe('isSuppressed', () => {
  it('hides counts from 1 to threshold − 1 for thresholds 3, 5 and 10', () => {
    for (const threshold of [3, 5, 10]) {
      expect(isSuppressed(1, threshold)).toBe(true);
      expect(isSuppressed(threshold - 1, threshold)).toBe(true);
      expect(isSuppressed(threshold, threshold)).toBe(false);
      expect(isSuppressed(threshold + 1, threshold)).toBe(false);
    }
  });

  it('shows zero', () => {
    expect(isSuppressed(0, 5)).toBe(false);
    expect(publishCount(0, 5)).toEqual({ value: 0, reason: null });
  });

  it('has the default threshold of the issue, 5', () => {
    expect(DEFAULT_SUPPRESSION_THRESHOLD).toBe(5);
  });
});

describe('formatCount', () => {
  const german = new Intl.NumberFormat('de-DE').format;

  it('writes "< threshold" for a small count', () => {
    expect(formatCount(4, 5, german)).toBe('< 5');
    expect(formatCount(2, 3, german)).toBe('< 3');
    expect(formatCount(9, 10, german)).toBe('< 10');
    expect(formatCount(999, 1000, german)).toBe('< 1.000');
  });

  it('writes other counts, zero included, with the given format', () => {
    expect(formatCount(5, 5, german)).toBe('5');
    expect(formatCount(0, 5, german)).toBe('0');
    expect(formatCount(12345, 5, german)).toBe('12.345');
  });

  it('writes published table counts by their reason', () => {
    expect(formatCount({ value: null, reason: 'primary' }, 5, german)).toBe('< 5');
    expect(formatCount({ value: null, reason: 'secondary' }, 5, german)).toBe(SECONDARY_SUPPRESSION_MARK);
    expect(formatCount({ value: 1234, reason: null }, 5, german)).toBe('1.234');
  });
});

describe('suppressRate', () => {
  it('hides a rate whose numerator count is small', () => {
    expect(suppressRate(12.5, 3, 5)).toBeNull();
    expect(suppressRate(12.5, 3, 3)).toBe(12.5);
  });

  it('keeps a rate of zero (zero counts are shown)', () => {
    expect(suppressRate(0, 0, 5)).toBe(0);
  });

  it('hides a rate whose numerator a table hid to protect another count', () => {
    expect(suppressRate(40, { value: null, reason: 'secondary' }, 5)).toBeNull();
    expect(suppressRate(40, { value: 20, reason: null }, 5)).toBe(40);
  });

  it('keeps "no rate" as no rate', () => {
    expect(suppressRate(null, 20, 5)).toBeNull();
  });
});

describe('suppressTable: primary suppression', () => {
  it('hides small cells, shows zeros and counts at the threshold', () => {
    const table = suppressTable(grid({ A: [0, 4, 5, 30], B: [0, 30, 40, 50] }, ['w', 'x', 'y', 'z']), 5);
    expect(shown(table, 'A', 'w')).toBe(0);
    expect(shown(table, 'A', 'x')).toBe('primary');
    expect(shown(table, 'A', 'y')).not.toBe('primary');
  });

  it('hides a small total too', () => {
    const table = suppressTable(grid({ A: [2, 0], B: [1, 30] }, ['x', 'y']), 5);
    expect(table.columnTotals.get('x')).toEqual({ value: null, reason: 'primary' });
    expect(table.rowTotals.get('A')).toEqual({ value: null, reason: 'primary' });
  });

  it('depends on the threshold (3, 5, 10)', () => {
    const cells = grid({ A: [2, 4, 9, 40], B: [30, 30, 30, 30] }, ['w', 'x', 'y', 'z']);
    const primary = (threshold: number): string[] =>
      hiddenCells(suppressTable(cells, threshold)).filter((cell) => cell.endsWith('primary'));
    expect(primary(3)).toEqual(['Aw:primary']);
    expect(primary(5)).toEqual(['Aw:primary', 'Ax:primary']);
    expect(primary(10)).toEqual(['Aw:primary', 'Ax:primary', 'Ay:primary']);
  });

  it('publishes a table without small counts unchanged', () => {
    const cells = grid({ A: [10, 20], B: [30, 0] }, ['x', 'y']);
    const table = suppressTable(cells, 5);
    expect(table.cells.map((cell) => cell.value)).toEqual([10, 20, 30, 0]);
    expect(table.total).toEqual({ value: 60, reason: null });
  });
});

describe('suppressTable: secondary suppression', () => {
  it('hides a second cell so that a small count cannot be recomputed from its total', () => {
    const cells = grid({ A: [3, 12, 20], B: [15, 30, 25], C: [9, 14, 40] }, ['x', 'y', 'z']);

    // With primary suppression alone, row A's total minus its visible cells gives the count back.
    const rowA = cells.filter((cell) => cell.row === 'A');
    const visibleA = rowA.filter((cell) => !isSuppressed(cell.count, 5)).reduce((sum, cell) => sum + cell.count, 0);
    const totalA = rowA.reduce((sum, cell) => sum + cell.count, 0);
    expect(totalA - visibleA).toBe(3);

    const table = suppressTable(cells, 5);
    expect(hiddenCells(table)).toEqual(['Ax:primary', 'Ay:secondary', 'Cx:secondary', 'Cy:secondary']);
    expect(table.rowTotals.get('A')).toEqual({ value: 35, reason: null });
    // Now row A's total minus its visible cells is 15 = Ax + Ay, and a different table is
    // consistent with everything published: one more in Ax and Cy, one less in Ay and Cx.
    const alternative = cells.map((cell) => {
      const shift = { Ax: 1, Ay: -1, Cx: -1, Cy: 1 }[`${cell.row}${cell.column}`] ?? 0;
      return { ...cell, count: cell.count + shift };
    });
    expect(consistentWith(table, alternative, 5)).toBe(true);
    expect(consistentWith(table, cells, 5)).toBe(true);
  });

  it('iterates across rows and columns until every line hides none or at least two numbers', () => {
    const cells = grid({ A: [2, 10, 30], B: [20, 8, 25], C: [6, 40, 35] }, ['x', 'y', 'z']);
    const table = suppressTable(cells, 5);
    // Ax (small) → Ay (row A) → Cx (column x) and By (column y) → Bx (row B), Cz (row C) → Bz (column z).
    expect(hiddenCells(table)).toEqual([
      'Ax:primary',
      'Ay:secondary',
      'Bx:secondary',
      'By:secondary',
      'Bz:secondary',
      'Cx:secondary',
      'Cz:secondary',
    ]);
    expect(everyLineHidesNoneOrTwo(table)).toBe(true);
  });

  it('protects a count per space against the district total (a single column)', () => {
    const cells = grid({ North: [3], East: [17], South: [12], West: [25] }, ['cases']);
    const table = suppressTable(cells, 5);
    expect(hiddenCells(table)).toEqual(['Northcases:primary', 'Southcases:secondary']);
    expect(table.total).toEqual({ value: 57, reason: null });
    // The rows' totals are the cells themselves and are hidden with them.
    expect(table.rowTotals.get('South')?.value).toBeNull();
    const alternative = cells.map((cell) => ({ ...cell, count: cell.count + ({ North: 1, South: -1 }[cell.row] ?? 0) }));
    expect(consistentWith(table, alternative, 5)).toBe(true);
  });

  it('never picks a zero as the second cell', () => {
    const table = suppressTable(grid({ North: [3], East: [0], South: [12], West: [25] }, ['cases']), 5);
    expect(shown(table, 'East', 'cases')).toBe(0);
    expect(shown(table, 'South', 'cases')).toBe('secondary');
  });

  it('hides more when two hidden 1s would add up to exactly 2', () => {
    // Without a third hidden cell: 52 − 20 − 30 = 2 and both hidden counts are at least 1.
    const cells = grid({ North: [1], East: [1], South: [20], West: [30] }, ['cases']);
    const table = suppressTable(cells, 5);
    expect(hiddenCells(table)).toEqual(['Northcases:primary', 'Eastcases:primary', 'Southcases:secondary']);
    const alternative = cells.map((cell) => ({ ...cell, count: cell.count + ({ North: 1, South: -1 }[cell.row] ?? 0) }));
    expect(consistentWith(table, alternative, 5)).toBe(true);
  });

  it('hides more when the second cell is exactly the threshold beside a hidden 1', () => {
    // Hiding only 1 and 5 leaves 6 = hidden (1 … 4) + hidden (≥ 5): the small count must be 1.
    const cells = grid({ North: [1], East: [5], South: [30], West: [40] }, ['cases']);
    const table = suppressTable(cells, 5);
    expect(hiddenCells(table)).toEqual(['Northcases:primary', 'Eastcases:secondary', 'Southcases:secondary']);
    const alternative = cells.map((cell) => ({ ...cell, count: cell.count + ({ North: 2, South: -2 }[cell.row] ?? 0) }));
    expect(consistentWith(table, alternative, 5)).toBe(true);
  });

  it('hides a row total whose row cells would give it back', () => {
    // Row A is one small cell and zeros: its total (3) is small itself; the column of row totals
    // then needs a second hidden total, and that row a hidden cell.
    const cells = grid({ A: [3, 0], B: [10, 20], C: [30, 40] }, ['x', 'y']);
    const table = suppressTable(cells, 5);
    expect(table.rowTotals.get('A')).toEqual({ value: null, reason: 'primary' });
    expect(table.rowTotals.get('B')).toEqual({ value: null, reason: 'secondary' });
    expect(everyLineHidesNoneOrTwo(table)).toBe(true);
    expect(table.total.value).toBe(103);
  });

  it('keeps every line safe and every visible number true on random tables', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const rows = 2 + Math.floor(random() * 6);
      const columns = 1 + Math.floor(random() * 5);
      const threshold = [3, 5, 10][round % 3]!;
      const cells: TableCell[] = [];
      for (let row = 0; row < rows; row++) {
        for (let column = 0; column < columns; column++) {
          const roll = random();
          const count = roll < 0.2 ? 0 : roll < 0.5 ? 1 + Math.floor(random() * (threshold - 1)) : Math.floor(random() * 60);
          cells.push({ row: `r${row}`, column: `c${column}`, count });
        }
      }
      const table = suppressTable(cells, threshold);
      expect(everyLineHidesNoneOrTwo(table)).toBe(true);
      expect(consistentWith(table, cells, threshold)).toBe(true);
      table.cells.forEach((cell, i) => {
        if (isSuppressed(cells[i]!.count, threshold)) expect(cell.reason).toBe('primary');
        if (cells[i]!.count === 0) expect(cell.value).toBe(0);
      });
    }
  });
});

describe('suppressTable: input', () => {
  it('does not change its input', () => {
    const cells = Object.freeze(grid({ A: [3, 12], B: [20, 30] }, ['x', 'y']).map((cell) => Object.freeze(cell)));
    suppressTable(cells, 5);
    expect(cells[0]).toEqual({ row: 'A', column: 'x', count: 3 });
  });

  it('rejects negative counts and repeated cells', () => {
    expect(() => suppressTable([{ row: 'A', column: 'x', count: -1 }], 5)).toThrow(RangeError);
    expect(() =>
      suppressTable(
        [
          { row: 'A', column: 'x', count: 1 },
          { row: 'A', column: 'x', count: 2 },
        ],
        5,
      ),
    ).toThrow(/repeated/);
  });

  it('gives an empty table a published total of 0', () => {
    const table = suppressTable([], 5);
    expect(table.cells).toEqual([]);
    expect(table.total).toEqual({ value: 0, reason: null });
  });
});

/**
 * Small-count suppression for the quarterly return (issue 15: "small counts suppressed (fewer than 5
 * shown as "fewer than 5", so that a cell cannot point to a child)", and a suppressed cell must not be
 * recoverable from the row and column totals).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ProtectedTable, protectTable, protectTogether, recoverableCells, shownWords } from '../../../src/main/domain/suppression'

const words = (p: ProtectedTable) => [...p.cells.map((r, i) => [...r.map(shownWords), shownWords(p.rowTotals[i])]), [...p.columnTotals.map(shownWords), shownWords(p.total)]]

describe('protectTable', () => {
  it('shows counts of 5 or more and zeros as they are', () => {
    const p = protectTable({ rows: ['A', 'B'], columns: ['x', 'y'], cells: [[5, 0], [7, 9]] })
    expect(words(p)).toEqual([['5', '0', '5'], ['7', '9', '16'], ['12', '9', '21']])
  })

  it('shows 1 to 4 as "fewer than 5" and withholds another count in its row and column so it cannot be worked out', () => {
    const p = protectTable({ rows: ['A', 'B', 'C'], columns: ['x', 'y', 'z'], cells: [[3, 10, 12], [8, 20, 15], [9, 11, 30]] })
    expect(p.cells[0][0]).toEqual({ shown: 'fewer-than-threshold' })
    // Its row and its column each hide at least one more count.
    expect(p.cells[0].filter((c) => c.shown !== 'count').length).toBeGreaterThanOrEqual(2)
    expect(p.cells.map((r) => r[0]).filter((c) => c.shown !== 'count').length).toBeGreaterThanOrEqual(2)
    expect(recoverableCells(p)).toEqual([])
    // The totals a reader sees are still the true totals.
    expect(shownWords(p.total)).toBe('118')
  })

  it('a one-column table with a total hides a second count, the smallest', () => {
    const p = protectTable({ rows: ['A', 'B', 'C'], columns: ['Disputes'], cells: [[2], [9], [30]] })
    expect(p.cells.map((r) => shownWords(r[0]))).toEqual(['fewer than 5', 'withheld', '30'])
    expect(shownWords(p.columnTotals[0])).toBe('41')
    expect(recoverableCells(p)).toEqual([])
  })

  it('two small counts whose sum gives them away (4 + 4 = 8 of a known total) are protected by a third', () => {
    const p = protectTable({ rows: ['A', 'B', 'C'], columns: ['Disputes'], cells: [[4], [4], [30]] })
    expect(p.cells.map((r) => shownWords(r[0]))).toEqual(['fewer than 5', 'fewer than 5', 'withheld'])
    expect(recoverableCells(p)).toEqual([])
  })

  it('a total of fewer than 5 is itself shown as "fewer than 5"', () => {
    const p = protectTable({ rows: ['A', 'B'], columns: ['x'], cells: [[1], [2]] })
    expect(shownWords(p.total)).toBe('fewer than 5')
    expect(recoverableCells(p)).toEqual([])
  })

  it('four counts of 1 under a total of 4: the small totals are withheld, or "fewer than 5" four times under "fewer than 5" says each is 1', () => {
    const cells = [[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 0], [1, 0, 0]]
    const p = protectTable({ rows: cells.map((_, i) => `r${i}`), columns: ['x', 'y', 'z'], cells })
    cells.forEach((row, i) => expect(p.cells[i][0].shown).toBe(row[0] === 1 ? 'fewer-than-threshold' : 'withheld'))
    expect(shownWords(p.total)).toBe('withheld')
    expect(recoverableCells(p)).toEqual([])
  })

  it('no hidden count can be worked out from the totals, whatever the counts (property)', () => {
    const table = fc.integer({ min: 1, max: 5 }).chain((m) =>
      fc.integer({ min: 1, max: 5 }).chain((n) =>
        fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
      ),
    )
    fc.assert(
      fc.property(table, (cells) => {
        const p = protectTable({ rows: cells.map((_, i) => `r${i}`), columns: cells[0].map((_, j) => `c${j}`), cells })
        // Every count from 1 to 4 is hidden, and none of the hidden ones can be recovered.
        cells.forEach((row, i) => row.forEach((v, j) => v > 0 && v < 5 && expect(p.cells[i][j].shown).toBe('fewer-than-threshold')))
        expect(recoverableCells(p)).toEqual([])
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 300) },
    )
  })
})

describe('protectTogether', () => {
  it('a total withheld in one table is withheld in the other that shares it', () => {
    const [a, b] = protectTogether([
      { table: { rows: ['Our school'], columns: ['Stage 1', 'Stage 2'], cells: [[20, 3]] }, sharedColumns: true },
      { table: { rows: ['Police', 'Social care'], columns: ['Stage 1', 'Stage 2'], cells: [[10, 1], [10, 2]] }, sharedColumns: true },
    ])
    a.columnTotals.forEach((c, j) => expect(shownWords(c) === 'withheld').toBe(shownWords(b.columnTotals[j]) === 'withheld'))
    expect(shownWords(a.total)).toBe(shownWords(b.total))
  })
})

/**
 * Small-count suppression for figures that leave the organisation (the partnership's quarterly return).
 * A count from 1 to 4 could point to a child, so it is shown as "fewer than 5" (primary suppression).
 * A table also shows its row and column totals, and a hidden count that is the only hidden one in its row
 * could be worked out from the total, so other counts are withheld as well (secondary suppression).
 *
 * The table with its totals is a grid of (rows + 1) × (columns + 1) counts in which every row and every
 * column adds up to its last cell. Seen that way, each cell is an edge between its row and its column in
 * a bipartite graph, and a hidden cell can be worked out from the shown ones exactly when its edge is not
 * on a cycle of hidden edges (a bridge): along a cycle, one can add and take away the same amount in
 * turn without changing any total. So cells are withheld until no line has a single hidden cell and no
 * hidden cell is a bridge. Bounds give more away: a "fewer than 5" count is 1 to 4, so two of them in a
 * line whose hidden part adds to 8 must both be 4, and a grand total of 11 over three rows of "fewer than
 * 5" says each is at least 3. So the bounds of every hidden count are narrowed line by line, back and
 * forth until nothing changes, and while any hidden count comes out with a single possible value one
 * more count is withheld. That is a sound check, not a full linear-programming audit of every
 * combination of lines; the tests try it against many random tables.
 *
 * Pure: no I/O.
 */

/** What one cell shows: its count, "fewer than 5", or withheld so that a small count cannot be recovered. */
export type ShownCount =
  | { shown: 'count'; value: number }
  | { shown: 'fewer-than-threshold' }
  | { shown: 'withheld' }

export interface CountTable {
  rows: readonly string[]
  columns: readonly string[]
  /** cells[row][column]: whole numbers of zero or more. */
  cells: readonly (readonly number[])[]
}

export interface ProtectedTable {
  rows: readonly string[]
  columns: readonly string[]
  cells: ShownCount[][]
  rowTotals: ShownCount[]
  columnTotals: ShownCount[]
  total: ShownCount
}

/** Counts from 1 to THRESHOLD − 1 are never shown. */
export const THRESHOLD = 5

type Mark = 'primary' | 'secondary' | null

/** The grid with its totals: the last row holds the column totals, the last column the row totals. */
function gridOf(table: CountTable): number[][] {
  const m = table.rows.length
  const n = table.columns.length
  for (const row of table.cells) {
    if (row.length !== n) throw new RangeError('Every row of the table needs a count for every column')
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new RangeError('Counts are whole numbers of zero or more')
  }
  if (table.cells.length !== m) throw new RangeError('The table needs a row of counts for every row label')
  const grid = table.cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)])
  const totals = Array.from({ length: n + 1 }, (_, j) => grid.reduce((sum, row) => sum + row[j], 0))
  grid.push(totals)
  return grid
}

/** The cells of one line of the grid: a row (i, *) or a column (*, j), its total last. */
function lineCells(m: number, n: number, line: { row: number } | { column: number }): [number, number][] {
  return 'row' in line
    ? Array.from({ length: n + 1 }, (_, j) => [line.row, j] as [number, number])
    : Array.from({ length: m + 1 }, (_, i) => [i, line.column] as [number, number])
}

/**
 * The hidden cells (edges between row node i and column node m+1+j) that lie on no cycle of hidden
 * cells, found with Tarjan's bridge search.
 */
function bridges(marks: Mark[][], m: number, n: number): [number, number][] {
  const nodes = m + 1 + (n + 1)
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: nodes }, () => [])
  const edges: [number, number][] = []
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      if (marks[i][j] === null) continue
      const e = edges.length
      edges.push([i, j])
      adjacency[i].push({ to: m + 1 + j, edge: e })
      adjacency[m + 1 + j].push({ to: i, edge: e })
    }
  }
  const order = new Array<number>(nodes).fill(-1)
  const low = new Array<number>(nodes).fill(0)
  const found: [number, number][] = []
  let time = 0
  const visit = (node: number, viaEdge: number) => {
    order[node] = low[node] = time++
    for (const { to, edge } of adjacency[node]) {
      if (edge === viaEdge) continue
      if (order[to] === -1) {
        visit(to, edge)
        low[node] = Math.min(low[node], low[to])
        if (low[to] > order[node]) found.push(edges[edge])
      } else low[node] = Math.min(low[node], order[to])
    }
  }
  for (let v = 0; v < nodes; v++) if (order[v] === -1) visit(v, -1)
  return found
}

function shownAs(mark: Mark, value: number): ShownCount {
  return mark === 'primary' ? { shown: 'fewer-than-threshold' } : mark === 'secondary' ? { shown: 'withheld' } : { shown: 'count', value }
}

export interface ProtectOptions {
  /**
   * Totals that another table withholds and that this table must withhold too, so that two tables
   * sharing a total cannot be read against each other: 'total' for the grand total, `column:<j>` for a
   * column's total.
   */
  withholdTotals?: ReadonlySet<string>
}

/**
 * Hides every count from 1 to 4 and as many others as it takes for none of them to be recovered from the
 * totals. A withheld count is chosen inside the table before any total, the smallest first (a zero only
 * where no other count will do), and the grand total last.
 */
export function protectTable(table: CountTable, options: ProtectOptions = {}): ProtectedTable {
  const grid = gridOf(table)
  const m = table.rows.length
  const n = table.columns.length
  const marks: Mark[][] = grid.map((row) => row.map((v) => (v > 0 && v < THRESHOLD ? 'primary' : null)))
  for (const key of options.withholdTotals ?? []) {
    if (key === 'total' && marks[m][n] === null) marks[m][n] = 'secondary'
    const column = /^column:(\d+)$/.exec(key)
    if (column && Number(column[1]) < n && marks[m][Number(column[1])] === null) marks[m][Number(column[1])] = 'secondary'
  }

  const rank = ([i, j]: [number, number]): number[] => {
    const isGrand = i === m && j === n
    const isTotal = i === m || j === n
    const v = grid[i][j]
    return [isGrand ? 3 : isTotal ? 2 : 0, v === 0 ? 1 : 0, v]
  }
  const better = (a: [number, number], b: [number, number]) => {
    const ra = rank(a)
    const rb = rank(b)
    for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] < rb[k]
    return false
  }
  /** Withholds the best shown cell of the line other than `except`; false if every cell is hidden. */
  const withholdOneMore = (cells: [number, number][], except?: [number, number]): boolean => {
    let best: [number, number] | null = null
    for (const c of cells) {
      if (marks[c[0]][c[1]] !== null) continue
      if (except && c[0] === except[0] && c[1] === except[1]) continue
      if (best === null || better(c, best)) best = c
    }
    if (best === null) return false
    marks[best[0]][best[1]] = 'secondary'
    return true
  }

  const lines = [
    ...Array.from({ length: m + 1 }, (_, row) => lineCells(m, n, { row })),
    ...Array.from({ length: n + 1 }, (_, column) => lineCells(m, n, { column })),
  ]
  // Every step withholds one more cell or turns a small total from "fewer than 5" to withheld, so this ends.
  for (let step = 0; step < 2 * (m + 1) * (n + 1); step++) {
    const alone = lines.find((cells) => cells.filter(([i, j]) => marks[i][j] !== null).length === 1)
    if (alone && withholdOneMore(alone)) continue
    const tight = lines.find((cells) => {
      const total = cells[cells.length - 1]
      if (marks[total[0]][total[1]] !== null) return false
      const hidden = cells.slice(0, -1).filter(([i, j]) => marks[i][j] !== null)
      if (hidden.length < 2 || hidden.some(([i, j]) => marks[i][j] !== 'primary')) return false
      const sum = hidden.reduce((a, [i, j]) => a + grid[i][j], 0)
      return sum === hidden.length || sum === hidden.length * (THRESHOLD - 1)
    })
    if (tight && withholdOneMore(tight)) continue
    const bridge = bridges(marks, m, n)[0]
    if (bridge) {
      const [bi, bj] = bridge
      if (!withholdOneMore(lineCells(m, n, { row: bi }), bridge)) withholdOneMore(lineCells(m, n, { column: bj }), bridge)
      continue
    }
    // Last, the bounds read across lines: a grand total of 11 over three rows of "fewer than 5" says each is
    // at least 3, and that can settle a cell in another line. Withhold more until no hidden count is settled.
    const settled = recoverable(marks.map((row, i) => row.map((mark, j) => shownAs(mark, grid[i][j]))), m, n)[0]
    if (!settled) break
    const { row, column } = settled
    if (withholdOneMore(lineCells(m, n, { row })) || withholdOneMore(lineCells(m, n, { column })) || withholdOneMore(lines.flat())) continue
    // Every count is hidden and the bounds still settle one: a small total shown as "fewer than 5" caps its
    // parts (four rows of "fewer than 5" under a total of "fewer than 5" are each 1). Withhold such a total
    // instead — the grand total last — so that it bounds nothing; a count inside the table stays "fewer than 5".
    const smallTotal = lines
      .flat()
      .filter(([i, j]) => (i === m || j === n) && marks[i][j] === 'primary')
      .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))[0]
    if (!smallTotal) break
    marks[smallTotal[0]][smallTotal[1]] = 'secondary'
  }

  const show = (i: number, j: number): ShownCount => shownAs(marks[i][j], grid[i][j])
  return {
    rows: table.rows,
    columns: table.columns,
    cells: table.rows.map((_, i) => table.columns.map((_, j) => show(i, j))),
    rowTotals: table.rows.map((_, i) => show(i, n)),
    columnTotals: table.columns.map((_, j) => show(m, j)),
    total: show(m, n),
  }
}

/**
 * Protects tables that share their grand total and, where `sharedColumns` says so, their column totals
 * (two breakdowns of the same disputes by the same stages): a total withheld in one is withheld in all,
 * until none changes.
 */
export function protectTogether(tables: readonly { table: CountTable; sharedColumns: boolean }[]): ProtectedTable[] {
  let withhold = new Set<string>()
  for (;;) {
    const done = tables.map(({ table, sharedColumns }) =>
      protectTable(table, { withholdTotals: new Set([...withhold].filter((k) => k === 'total' || sharedColumns)) }),
    )
    const next = new Set(withhold)
    done.forEach((p, t) => {
      if (p.total.shown === 'withheld') next.add('total')
      if (tables[t].sharedColumns) p.columnTotals.forEach((c, j) => c.shown === 'withheld' && next.add(`column:${j}`))
    })
    if (next.size === withhold.size) return done
    withhold = next
  }
}

/** A count as words for a document or a spreadsheet cell. */
export function shownWords(c: ShownCount): string {
  return c.shown === 'count' ? String(c.value) : c.shown === 'fewer-than-threshold' ? `fewer than ${THRESHOLD}` : 'withheld'
}

/**
 * Whether a hidden count could be recovered from what a table shows: for tests and for the export's own
 * check before it writes a file. Each cell's value is tried against the shown ones, line by line, until
 * nothing new is learnt; a hidden cell that comes out with one possible value is recoverable.
 */
export function recoverableCells(p: ProtectedTable): { row: number; column: number }[] {
  const shownGrid: ShownCount[][] = [...p.cells.map((row, i) => [...row, p.rowTotals[i]]), [...p.columnTotals, p.total]]
  return recoverable(shownGrid, p.rows.length, p.columns.length)
}

function recoverable(shownGrid: ShownCount[][], m: number, n: number): { row: number; column: number }[] {
  // Known bounds of each cell: a "fewer than 5" count is 1 to 4, a withheld one 0 or more.
  const lo: number[][] = shownGrid.map((row) => row.map((c) => (c.shown === 'count' ? c.value : c.shown === 'fewer-than-threshold' ? 1 : 0)))
  const hi: number[][] = shownGrid.map((row) => row.map((c) => (c.shown === 'count' ? c.value : c.shown === 'fewer-than-threshold' ? THRESHOLD - 1 : Number.POSITIVE_INFINITY)))
  const lines = [
    ...Array.from({ length: m + 1 }, (_, row) => lineCells(m, n, { row })),
    ...Array.from({ length: n + 1 }, (_, column) => lineCells(m, n, { column })),
  ]
  // Interval propagation: each part is its line's total less the others; the total is the sum of its parts.
  const tighten = (bounds: number[][], i: number, j: number, value: number, raise: boolean): boolean => {
    if (raise ? value > bounds[i][j] : value < bounds[i][j]) {
      bounds[i][j] = value
      return true
    }
    return false
  }
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false
    for (const cells of lines) {
      const [ti, tj] = cells[cells.length - 1]
      const parts = cells.slice(0, -1)
      const sum = (bounds: number[][], except: number) => parts.reduce((a, [i, j], k) => (k === except ? a : a + bounds[i][j]), 0)
      if (tighten(lo, ti, tj, sum(lo, -1), true)) changed = true
      if (tighten(hi, ti, tj, sum(hi, -1), false)) changed = true
      parts.forEach(([i, j], k) => {
        if (tighten(hi, i, j, hi[ti][tj] - sum(lo, k), false)) changed = true
        if (tighten(lo, i, j, lo[ti][tj] - sum(hi, k), true)) changed = true
      })
    }
  }
  const out: { row: number; column: number }[] = []
  shownGrid.forEach((row, i) => row.forEach((c, j) => c.shown !== 'count' && lo[i][j] === hi[i][j] && out.push({ row: i, column: j })))
  return out
}

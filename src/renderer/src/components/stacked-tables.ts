import { useEffect, type RefObject } from 'react'

/**
 * Tables that stack at 320 CSS px (WCAG 1.4.10, reflow at 400 % zoom): at 400 px and narrower the CSS
 * shows each row as a block with every cell under its column's heading (styles.css, `td::before` with
 * `attr(data-label)`). This gives each body cell that heading as `data-label`, for every table on the
 * screen, as tables appear and change, so that no screen has to remember to.
 */
const CONTROLS = 'input, button, select, textarea, a[href]'

export function labelTableCells(root: ParentNode): void {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    const headRow = table.tHead?.rows[table.tHead.rows.length - 1]
    if (!headRow) continue
    const headings: string[] = []
    for (const th of Array.from(headRow.cells)) {
      // A heading that holds a control (Approvals' "Select all shown") stays on screen itself, and its
      // words name the control, not the column: its cells get no label ("Select all shown" above each
      // row's own checkbox would say the wrong thing).
      const holdsControl = th.querySelector(CONTROLS) !== null
      if (holdsControl !== (th.dataset['holdsControl'] === 'true')) {
        if (holdsControl) th.dataset['holdsControl'] = 'true'
        else delete th.dataset['holdsControl']
      }
      const text = holdsControl ? '' : (th.textContent ?? '').replace(/\s+/g, ' ').trim()
      for (let i = 0; i < th.colSpan; i++) headings.push(text)
    }
    for (const body of Array.from(table.tBodies)) {
      for (const row of Array.from(body.rows)) {
        let column = 0
        for (const cell of Array.from(row.cells)) {
          // A cell across the whole row (a group heading, a record shown in full) needs no label.
          const label = cell.colSpan >= headings.length ? '' : (headings[column] ?? '')
          if (cell.dataset['label'] !== label) {
            if (label) cell.dataset['label'] = label
            else delete cell.dataset['label']
          }
          column += cell.colSpan
        }
      }
    }
  }
}

/** Keeps every table under `ref` labelled while the screen changes. */
export function useStackedTableLabels(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current
    if (!root) return
    let queued = false
    const run = () => {
      queued = false
      labelTableCells(root)
    }
    run()
    const observer = new MutationObserver(() => {
      if (queued) return
      queued = true
      requestAnimationFrame(run)
    })
    // Labels are attributes, not children: watching the tree's children only never triggers itself.
    observer.observe(root, { childList: true, subtree: true, characterData: true })
    return () => observer.disconnect()
  }, [ref])
}

import { useEffect, useRef } from 'react'

export const SHORTCUTS = {
  lock: 'Ctrl+Shift+L',
  dashboard: 'Ctrl+D',
  help: 'F1',
} as const

const ROWS: [string, string][] = [
  ['Ctrl+L', 'Log a contact (on the dispute you are looking at, or choose one)'],
  ['Ctrl+Enter', 'In a contact record: save and approve. In a new dispute: open it'],
  ['Ctrl+S', 'In a contact record: save as a draft'],
  ['Ctrl+N', 'Start a new dispute'],
  [SHORTCUTS.dashboard, 'Go to the dashboard'],
  ['Ctrl+K', 'Search the whole vault'],
  ['Ctrl+Shift+A', 'Records awaiting approval'],
  [SHORTCUTS.lock, 'Lock the vault now'],
  [SHORTCUTS.help, 'Show these shortcuts'],
  ['Tab / Shift+Tab', 'Move between fields and buttons'],
  ['Enter', 'Submit the form you are in'],
  ['Escape', 'Close this panel'],
]

export function HelpPanel({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])
  return (
    <dialog ref={ref} aria-labelledby="help-title" onClose={onClose} className="card" style={{ maxWidth: 560 }}>
      <h2 id="help-title" style={{ marginTop: 0 }}>Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([keys, what]) => (
            <tr key={keys}>
              <td><kbd>{keys}</kbd></td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-group">
        <button type="button" className="button" onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  )
}

import type { MenuCommand } from './channels'

/**
 * Every keyboard shortcut of the app, once: the native menu (src/main/menu.ts) takes its accelerators from
 * here, the page (screens/Home.tsx) its key handling, and the help panel (F1) its table. A shortcut that
 * belongs to one form only (Ctrl+Enter, Ctrl+S) is listed for the help panel and handled by that form.
 */
export interface Shortcut {
  /** As the help panel shows it: "Ctrl+Shift+L". */
  keys: string
  /** What it does, in the help panel's words. */
  what: string
  /** For the app-wide ones: the command the menu sends and the page runs. */
  command?: MenuCommand
  /** The key as `KeyboardEvent.key` gives it, lower case, and the modifiers it needs (page and menu). */
  key?: string
  ctrl?: boolean
  shift?: boolean
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+L', what: 'Log a contact (on the dispute you are looking at, or choose one)', command: 'log-contact', key: 'l', ctrl: true },
  { keys: 'Ctrl+Enter', what: 'In a contact record: save and approve. In a new dispute: open it' },
  { keys: 'Ctrl+S', what: 'In a contact record: save as a draft' },
  { keys: 'Ctrl+N', what: 'Start a new dispute', command: 'new-dispute', key: 'n', ctrl: true },
  { keys: 'Ctrl+D', what: 'Go to the dashboard', command: 'dashboard', key: 'd', ctrl: true },
  { keys: 'Ctrl+K', what: 'Search the whole vault', command: 'search', key: 'k', ctrl: true },
  { keys: 'Ctrl+Shift+A', what: 'Records awaiting approval', command: 'approvals', key: 'a', ctrl: true, shift: true },
  { keys: 'Ctrl+Shift+L', what: 'Lock the vault now', command: 'lock', key: 'l', ctrl: true, shift: true },
  { keys: 'F1', what: 'Show these shortcuts', command: 'help', key: 'f1' },
  { keys: 'Tab / Shift+Tab', what: 'Move between fields and buttons' },
  { keys: 'Enter', what: 'Submit the form you are in' },
  { keys: 'Escape', what: 'Close this panel' },
]

/** The keys of an app-wide command, as the help panel and a button's title show them. */
export function keysOf(command: MenuCommand): string {
  const found = SHORTCUTS.find((s) => s.command === command)
  if (!found) throw new Error(`No shortcut for ${command}`)
  return found.keys
}

/** The menu's accelerator for a command: Ctrl is CmdOrCtrl, so a Mac keeps its Command key. */
export function acceleratorOf(command: MenuCommand): string {
  return keysOf(command).replace(/^Ctrl\+/, 'CmdOrCtrl+')
}

/** The app-wide command a key press asks for, if any (Ctrl or, on a Mac, Command). */
export function commandOfKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): MenuCommand | null {
  const key = e.key.toLowerCase()
  const mod = e.ctrlKey || e.metaKey
  const found = SHORTCUTS.find((s) => s.command && s.key === key && Boolean(s.ctrl) === mod && Boolean(s.shift) === e.shiftKey)
  return found?.command ?? null
}

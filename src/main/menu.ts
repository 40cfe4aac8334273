import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/channels'

/** The native application menu; commands go to the renderer, which owns the screens. */
export function applicationMenu(send: (command: MenuCommand) => void, isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New dispute', accelerator: 'CmdOrCtrl+N', click: () => send('new-dispute') },
        { label: 'Log a contact', accelerator: 'CmdOrCtrl+L', click: () => send('log-contact') },
        { type: 'separator' },
        { label: 'Lock vault', accelerator: 'CmdOrCtrl+Shift+L', click: () => send('lock') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Exit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&Go',
      submenu: [
        { label: 'Dashboard', accelerator: 'CmdOrCtrl+D', click: () => send('dashboard') },
        { label: 'Approvals', accelerator: 'CmdOrCtrl+Shift+A', click: () => send('approvals') },
        { label: 'Search', accelerator: 'CmdOrCtrl+K', click: () => send('search') },
      ],
    },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: '&Help',
      submenu: [{ label: 'Keyboard shortcuts', accelerator: 'F1', click: () => send('help') }],
    },
  ]
}

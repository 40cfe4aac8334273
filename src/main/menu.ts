import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/channels'
import { acceleratorOf } from '../shared/shortcuts'

/** The native application menu; commands go to the renderer, which owns the screens. */
export function applicationMenu(send: (command: MenuCommand) => void, isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New dispute', accelerator: acceleratorOf('new-dispute'), click: () => send('new-dispute') },
        { label: 'Log a contact', accelerator: acceleratorOf('log-contact'), click: () => send('log-contact') },
        { type: 'separator' },
        { label: 'Lock vault', accelerator: acceleratorOf('lock'), click: () => send('lock') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Exit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&Go',
      submenu: [
        { label: 'Dashboard', accelerator: acceleratorOf('dashboard'), click: () => send('dashboard') },
        { label: 'Approvals', accelerator: acceleratorOf('approvals'), click: () => send('approvals') },
        { label: 'Search', accelerator: acceleratorOf('search'), click: () => send('search') },
      ],
    },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: '&Help',
      submenu: [{ label: 'Keyboard shortcuts', accelerator: acceleratorOf('help'), click: () => send('help') }],
    },
  ]
}

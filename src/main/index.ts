/**
 * The Electron shell, and only the shell: one window with the security settings, the native menu,
 * ipcMain.handle for each channel of the handler table (after checking the sender), and locking on
 * suspend, and the desktop reminders (src/main/reminders.ts). Everything else lives in plain TypeScript that runs and is tested in Node.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, powerMonitor, protocol, session } from 'electron'
import { join } from 'node:path'
import { CHANNEL_NAMES, EVENT_CHANNEL, type AppEvent } from '../shared/channels'
import { createApi } from './api'
import { JS_FLAGS, limitHeapGrowth } from './heap'
import { applicationMenu } from './menu'
import { printWithDialog } from './print'
import { systemClipboard } from './clipboard'
import { ReminderScheduler, reminderDatesFile } from './reminders'
import { openFromReminder, showReminder } from './reminders-notify'
import {
  blockRemoteRequests,
  denyAllPermissions,
  enforceCsp,
  isTrustedSender,
  lockDownContents,
  RENDERER_SCHEME_PRIVILEGES,
  RENDERER_URL,
  secureWebPreferences,
  serveRendererFolder,
} from './security'

const development = !app.isPackaged
const devServerUrl = development ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null
const rendererDir = join(__dirname, '../renderer')
const rendererUrl = devServerUrl ?? RENDERER_URL

let mainWindow: BrowserWindow | null = null

// The vault lives in this process: its heap grows by at most twice what is live, a quarter while heavy work runs (heap.ts).
limitHeapGrowth()
app.commandLine.appendSwitch('js-flags', JS_FLAGS)

// Date and time inputs follow the browser's language: British order (22/11/2026, 24-hour clock).
app.commandLine.appendSwitch('lang', 'en-GB')

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore()
      mainWindow.focus()
    }
  })
  app.enableSandbox()
  // Windows shows an app's notifications only under its AppUserModelID: the installer's (electron-builder.yml appId).
  if (process.platform === 'win32') app.setAppUserModelId('uk.escalationlog.desktop')
  // Must happen before ready: a scheme's privileges are fixed when the first renderer starts.
  protocol.registerSchemesAsPrivileged([RENDERER_SCHEME_PRIVILEGES])
  void app.whenReady().then(start)
}

function send(event: AppEvent): void {
  mainWindow?.webContents.send(EVENT_CHANNEL, event)
}

function start(): void {
  const ses = session.defaultSession
  denyAllPermissions(ses)
  enforceCsp(ses)
  blockRemoteRequests(ses, { devServerUrl, devTools: development })
  serveRendererFolder(ses.protocol, rendererDir)

  let reminders: ReminderScheduler | null = null
  const api = createApi({
    appVersion: app.getVersion(),
    defaultVaultDir: join(app.getPath('userData'), 'vault'),
    appStateFile: join(app.getPath('userData'), 'app-state.json'),
    // Outside every vault folder: the last audit entry seen of each vault, for rollback detection.
    machineStateDir: app.getPath('userData'),
    kdf: 'calibrate',
    rollingBackups: 'idle',
    warmSearchAfterUnlockMs: 3000,
    emit: send,
    onSession: (change) => reminders?.[change](),
    print: () => printWithDialog(mainWindow?.webContents ?? null),
    clipboard: systemClipboard(clipboard),
    chooseFolder: async (purpose) => {
      const options = {
        title: purpose === 'create' ? 'Choose a folder for the new vault' : purpose === 'team' ? 'Choose the team vault’s shared folder' : 'Choose the vault folder',
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      }
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    chooseOpenFile: async (filters) => {
      const options = { properties: ['openFile'] as 'openFile'[], ...(filters ? { filters } : {}) }
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    chooseSaveFile: async (suggestedName, filters) => {
      const options = { defaultPath: join(app.getPath('documents'), suggestedName), ...(filters ? { filters } : {}) }
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options)
      return result.canceled ? null : (result.filePath ?? null)
    },
  })

  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event, mainWindow?.webContents ?? null, rendererUrl)) {
        return { ok: false, error: { code: 'untrusted-sender', message: 'Refused a request from outside the app.' } }
      }
      return api.handlers[channel](input)
    })
  }

  powerMonitor.on('suspend', () => void api.lock('suspend'))
  powerMonitor.on('lock-screen', () => void api.lock('suspend'))

  reminders = new ReminderScheduler({
    now: () => new Date(),
    snapshot: () => api.reminders(),
    show: (notice) => showReminder(notice, (disputeId) => openFromReminder(mainWindow, disputeId, send)),
    // Outside the vault, beside app-state.json: dates only (docs/security.md).
    dates: reminderDatesFile(join(app.getPath('userData'), 'reminder-dates.json')),
  })
  reminders.locked()
  powerMonitor.on('resume', () => reminders?.wake())

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(applicationMenu((command) => send({ type: 'menu', command }), process.platform === 'darwin')),
  )

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Escalation Log',
    backgroundColor: '#f8f8f6',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), development),
  })
  lockDownContents(mainWindow.webContents, rendererUrl)
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => {
    void api.lock('manual')
    mainWindow = null
  })
  void mainWindow.loadURL(rendererUrl)

  app.on('window-all-closed', () => {
    reminders?.stop()
    void api.dispose().finally(() => app.quit())
  })
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, rendererUrl))
}

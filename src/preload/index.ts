/**
 * Builds `window.api` from the channel list. No logic, no dependencies beyond electron: the preload runs
 * sandboxed. A channel not in the list is refused here as well as in the main process.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { CHANNEL_NAMES, EVENT_CHANNEL, type AppEvent } from '../shared/channels'

const allowed = new Set<string>(CHANNEL_NAMES)

const api = {
  invoke: (channel: string, input: unknown): Promise<unknown> => {
    if (!allowed.has(channel))
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: 'That request is not part of the app.' } })
    return ipcRenderer.invoke(channel, input)
  },
  onEvent: (listener: (event: AppEvent) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: AppEvent): void => listener(payload)
    ipcRenderer.on(EVENT_CHANNEL, wrapped)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped)
  },
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('api', api)

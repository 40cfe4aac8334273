import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/** The Electron binary's path if it was downloaded (it is not where ELECTRON_SKIP_BINARY_DOWNLOAD=1). */
export function electronBinary(): string | null {
  try {
    const path = createRequire(__filename)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

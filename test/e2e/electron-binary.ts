import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The Electron binary's path if it has been downloaded, else null. Since Electron 42 the package fetches
 * its binary on first `require('electron')`, so this reads the package's own path.txt instead of requiring
 * it: finding out must never start a download (CI has no internet, and a test run must not fetch 100 MB).
 */
export function electronBinary(): string | null {
  try {
    const override = process.env['ELECTRON_OVERRIDE_DIST_PATH']
    const pkg = dirname(createRequire(__filename).resolve('electron/package.json'))
    const pathFile = join(pkg, 'path.txt')
    if (!existsSync(pathFile)) return null
    const executable = readFileSync(pathFile, 'utf8')
    const path = override ? join(override, executable) : join(pkg, 'dist', executable)
    return existsSync(path) ? path : null
  } catch {
    return null
  }
}

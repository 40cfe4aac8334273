/**
 * A real WebDAV server for tests and the bench: Debian's rclone (`rclone serve webdav DIR --addr 127.0.0.1:0`),
 * started on a free loopback port and stopped by whoever started it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const RCLONE = '/usr/bin/rclone'
export const haveRclone = (): boolean => existsSync(RCLONE)

export interface Served {
  url: string
  child: ChildProcess
}

/** Starts rclone serving `dir` and waits for it to say where; its config file goes beside `dir`. */
export function serve(dir: string, extra: string[] = []): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(RCLONE, ['serve', 'webdav', dir, '--addr', '127.0.0.1:0', '--config', join(dir, '..', 'rclone.conf'), ...extra], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let said = ''
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`rclone did not start: ${said}`))
    }, 20_000)
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString()
      const m = /Server started on (https?:\/\/127\.0\.0\.1:\d+)\/?/.exec(said)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[1] as string, child })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`rclone stopped (${code}): ${said}`))
    })
  })
}

export function stop(s: Served | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve())
    s.child.kill('SIGTERM')
  })
}

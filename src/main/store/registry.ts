/**
 * One writer per vault folder in this process. lock() finishes its audit event asynchronously, and the app
 * may unlock again (or inspect the folder) straight after locking; without this, the old Vault's 'lock'
 * append and the new Vault's 'unlock' append could land at the same journal offset. Opening a vault that
 * is already open here locks the earlier Vault first ("the newest unlock wins").
 *
 * Another process writing the same folder is not guarded against here: the Electron shell takes the
 * single-instance lock.
 */
import { resolve } from 'node:path'

interface Lockable {
  readonly locked: boolean
  lock(): Promise<void>
}

const active = new Map<string, Lockable>()
const closing = new Map<string, Set<Promise<void>>>()

const key = (dir: string): string => resolve(dir)

const opening = new Map<string, Promise<unknown>>()

/** Runs opens and creates of one folder one at a time (a double-clicked "Unlock" must not make two writers). */
export function oneAtATime<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const k = key(dir)
  const run = (opening.get(k) ?? Promise.resolve()).then(task, task)
  const tail = run.then(
    () => undefined,
    () => undefined,
  )
  opening.set(k, tail)
  void tail.then(() => {
    if (opening.get(k) === tail) opening.delete(k)
  })
  return run
}

/** Waits for pending lock events on `dir` to reach the disk. */
export async function settled(dir: string): Promise<void> {
  const pending = closing.get(key(dir))
  if (pending) await Promise.all([...pending])
}

/** Locks (and waits for) any Vault of this process open on `dir`, so the caller is the only writer. */
export async function takeOver(dir: string): Promise<void> {
  const current = active.get(key(dir))
  if (current && !current.locked) await current.lock()
  await settled(dir)
}

export function register(dir: string, vault: Lockable): void {
  active.set(key(dir), vault)
}

/** Called by lock(): tracks the in-flight lock until its event is written and keys are wiped. */
export function closingStarted(dir: string, vault: Lockable, done: Promise<void>): void {
  const k = key(dir)
  if (active.get(k) === vault) active.delete(k)
  let set = closing.get(k)
  if (!set) closing.set(k, (set = new Set()))
  set.add(done)
  void done.finally(() => {
    set.delete(done)
    if (set.size === 0 && closing.get(k) === set) closing.delete(k)
  })
}

/** Test seam: forget every open Vault, as a process that was killed would. Not exported from index.ts. */
export function simulateProcessExit(): void {
  active.clear()
  closing.clear()
  opening.clear()
}

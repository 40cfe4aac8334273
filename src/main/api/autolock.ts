/**
 * Idle auto-lock. Every call through the handler table and every activity ping from the renderer
 * restarts the countdown; when it runs out the vault is locked (data key and decrypted state dropped).
 * Timers are injected so tests can drive time by hand.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
}

/** Told a minute before the vault locks, and again if activity then puts the lock off (null). */
export type LockWarning = (lockInSeconds: number | null) => void

/** How long before auto-lock the person is warned: long enough to notice and press a key. */
export const WARN_BEFORE_MS = 60_000

export class AutoLock {
  private handle: unknown = null
  private deadline = 0
  private timeoutMs: number
  private warn: LockWarning | null = null
  private warned = false

  constructor(
    private readonly onIdle: () => void,
    minutes: number,
    private readonly timers: Timers = realTimers,
  ) {
    this.timeoutMs = minutes * 60_000
  }

  /** Ask to be told a minute before each lock, so that someone typing is not locked out mid-sentence. */
  onWarning(warn: LockWarning): void {
    this.warn = warn
  }

  /** Start or restart the countdown. */
  touch(): void {
    const wasWarned = this.warned
    this.stop()
    if (wasWarned) this.warn?.(null)
    this.deadline = this.timers.now() + this.timeoutMs
    // One timer at a time: first to the warning, then from the warning to the lock.
    const warnAt = this.warn ? Math.max(0, this.timeoutMs - WARN_BEFORE_MS) : this.timeoutMs
    this.handle = this.timers.setTimeout(() => {
      if (warnAt === this.timeoutMs) return this.lockNow()
      this.warned = true
      this.warn?.(Math.round((this.timeoutMs - warnAt) / 1000))
      this.handle = this.timers.setTimeout(() => this.lockNow(), this.timeoutMs - warnAt)
    }, warnAt)
  }

  private lockNow(): void {
    this.handle = null
    this.warned = false
    this.onIdle()
  }

  setMinutes(minutes: number): void {
    this.timeoutMs = minutes * 60_000
    if (this.handle !== null) this.touch()
  }

  secondsLeft(): number {
    return this.handle === null ? 0 : Math.max(0, Math.round((this.deadline - this.timers.now()) / 1000))
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle)
    this.handle = null
    // A lock or a sign-out ends the warning too; the locked screen says what happened.
    this.warned = false
  }
}

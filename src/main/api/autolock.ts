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

export class AutoLock {
  private handle: unknown = null
  private deadline = 0
  private timeoutMs: number

  constructor(
    private readonly onIdle: () => void,
    minutes: number,
    private readonly timers: Timers = realTimers,
  ) {
    this.timeoutMs = minutes * 60_000
  }

  /** Start or restart the countdown. */
  touch(): void {
    this.stop()
    this.deadline = this.timers.now() + this.timeoutMs
    this.handle = this.timers.setTimeout(() => {
      this.handle = null
      this.onIdle()
    }, this.timeoutMs)
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
  }
}

/**
 * When the desktop reminders come: at unlock, then at the start of each working day while the vault stays
 * unlocked; while it is locked, at the start of each day, only the generic "deadlines are due today" and
 * only on a day in the list of dates kept outside the vault. Plain Node (timers and one small file); the
 * words are src/main/domain/reminders.ts's and the notification itself is the shell's
 * (src/main/reminders-notify.ts).
 *
 * Timers drift across sleep and know nothing of clock changes, so no timer waits longer than
 * `MAX_WAIT_MS`: each wake compares the wall clock with the moment due, and `wake()` (the shell calls it
 * when the computer resumes) looks at once. A day's reminder is shown once, whatever the clock does.
 */
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import type { ReminderSnapshot } from './api/reminders'
import { civilDateInLondon } from './domain/calendar'
import { lockedReminder, nextDayStart, type ReminderNotice } from './domain/reminders'

export const MAX_WAIT_MS = 10 * 60_000

/** The dates kept outside the vault (docs/security.md says what they show: days, nothing more). */
export interface ReminderDatesStore {
  read(): Promise<string[]>
  write(dates: readonly string[]): Promise<void>
  remove(): Promise<void>
}

export interface ReminderSchedulerDeps {
  now: () => Date
  /** The unlocked vault's reminder facts, or null while locked. */
  snapshot: () => ReminderSnapshot | null
  show: (notice: ReminderNotice) => void
  dates: ReminderDatesStore
}

type Mode = { kind: 'stopped' } | { kind: 'unlocked'; dueAt: number } | { kind: 'locked'; dueAt: number }

export class ReminderScheduler {
  private mode: Mode = { kind: 'stopped' }
  private timer: ReturnType<typeof setTimeout> | null = null
  /** The civil day whose start-of-day reminder was last shown, so a clock set back never repeats it. */
  private shownDay: string | null = null
  /** Reads and writes of the dates file, one after another, so an older list never lands after a newer one. */
  private fileWork: Promise<void> = Promise.resolve()

  constructor(private readonly deps: ReminderSchedulerDeps) {}

  /** The vault was unlocked: remind now, keep the dates, and wait for the next working day's start. */
  unlocked(): void {
    const snapshot = this.deps.snapshot()
    if (!snapshot) return
    this.keepDates(snapshot)
    if (snapshot.enabled && snapshot.reminder) this.deps.show(snapshot.reminder)
    this.arm({ kind: 'unlocked', dueAt: Date.parse(snapshot.nextAt) })
  }

  /** A save: the dates kept outside the vault follow it (and go when reminders are turned off). */
  saved(): void {
    const snapshot = this.deps.snapshot()
    if (snapshot) this.keepDates(snapshot)
  }

  /** The vault locked: no more reminders from it; from now on only the dates file is read. */
  locked(): void {
    this.arm({ kind: 'locked', dueAt: Date.parse(nextDayStart(this.deps.now().toISOString())) })
  }

  /** The computer woke, or the clock may have moved: look now rather than at the next timer. */
  wake(): void {
    if (this.mode.kind !== 'stopped') this.check()
  }

  stop(): void {
    this.mode = { kind: 'stopped' }
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Resolves once every read and write of the dates file asked for so far has finished (for tests). */
  settled(): Promise<void> {
    return this.fileWork
  }

  private withDatesFile(work: (dates: ReminderDatesStore) => Promise<void>): void {
    // Advisory: a reminder missed while locked is all that a failure here loses.
    this.fileWork = this.fileWork.then(() => work(this.deps.dates)).catch(() => undefined)
  }

  private keepDates(snapshot: ReminderSnapshot): void {
    this.withDatesFile((dates) => (snapshot.enabled ? dates.write(snapshot.dates) : dates.remove()))
  }

  private arm(mode: Exclude<Mode, { kind: 'stopped' }>): void {
    this.stop()
    this.mode = mode
    this.wait()
  }

  private wait(): void {
    if (this.mode.kind === 'stopped') return
    const left = this.mode.dueAt - this.deps.now().getTime()
    this.timer = setTimeout(() => this.check(), Math.max(0, Math.min(left, MAX_WAIT_MS)))
    this.timer.unref?.()
  }

  private check(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const mode = this.mode
    if (mode.kind === 'stopped') return
    const now = this.deps.now()
    if (now.getTime() < mode.dueAt) return this.wait()
    const day = civilDateInLondon(now)
    if (mode.kind === 'unlocked') {
      const snapshot = this.deps.snapshot()
      if (!snapshot) return this.stop() // locked without word yet: locked() will re-arm
      this.keepDates(snapshot)
      if (snapshot.enabled && snapshot.reminder && this.shownDay !== day) this.deps.show(snapshot.reminder)
      this.shownDay = day
      this.mode = { kind: 'unlocked', dueAt: Date.parse(snapshot.nextAt) }
      return this.wait()
    }
    this.mode = { kind: 'locked', dueAt: Date.parse(nextDayStart(now.toISOString())) }
    this.withDatesFile(async (store) => {
      const notice = lockedReminder(await store.read(), now.toISOString())
      if (notice && this.mode.kind === 'locked' && this.shownDay !== day) {
        this.shownDay = day
        this.deps.show(notice)
      }
    })
    this.wait()
  }
}

const DatesFile = z.object({ dates: z.array(z.iso.date()).max(5000) })

/** The dates as a small JSON file in this computer's own folder for the app, written atomically. */
export function reminderDatesFile(path: string): ReminderDatesStore {
  return {
    async read() {
      try {
        return DatesFile.parse(JSON.parse(await readFile(path, 'utf8'))).dates
      } catch {
        return [] // absent (reminders off, never unlocked here) or unreadable: nothing to remind of
      }
    },
    async write(dates) {
      await mkdir(dirname(path), { recursive: true })
      const temp = `${path}.tmp`
      await writeFile(temp, JSON.stringify({ dates }), 'utf8')
      await rename(temp, path)
    },
    async remove() {
      await rm(path, { force: true })
    },
  }
}

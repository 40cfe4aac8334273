/**
 * The shell's half of the desktop reminders (src/main/reminders-notify.ts) against a fake `electron`
 * Notification: the domain's words go into the notification as they are; a click brings the window
 * forward (restored if minimised) and tells the page which dispute to open, or the dashboard; nothing is
 * shown where the system has no notifications. test/unit/reliability/shell.test.ts checks the shell wires it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppEvent } from '../../../src/shared/channels'

type Listener = () => void

const fake = vi.hoisted(() => ({
  supported: true,
  notifications: [] as { options: { title: string; body: string }; listeners: Map<string, Listener>; shown: number }[],
}))

vi.mock('electron', () => {
  class Notification {
    static isSupported = () => fake.supported
    private readonly record: (typeof fake.notifications)[number]
    constructor(options: { title: string; body: string }) {
      this.record = { options, listeners: new Map(), shown: 0 }
      fake.notifications.push(this.record)
    }
    on(event: string, listener: Listener) {
      this.record.listeners.set(event, listener)
      return this
    }
    show() {
      this.record.shown++
    }
  }
  return { Notification }
})

const { openFromReminder, showReminder } = await import('../../../src/main/reminders-notify')

const notice = { title: 'Escalation Log', body: '3 deadlines due today — open Escalation Log to see them.', opensDisputeId: 'd-1' }

beforeEach(() => {
  fake.supported = true
  fake.notifications.length = 0
})

describe('a reminder on the desktop', () => {
  it('is one notification with the domain’s title and words, shown once', () => {
    showReminder(notice, () => undefined)
    expect(fake.notifications).toHaveLength(1)
    expect(fake.notifications[0]!.options).toEqual({ title: 'Escalation Log', body: notice.body })
    expect(fake.notifications[0]!.shown).toBe(1)
  })

  it('tells whoever asked which dispute to open when clicked (null: the dashboard)', () => {
    const opened: (string | null)[] = []
    showReminder(notice, (id) => opened.push(id))
    showReminder({ ...notice, opensDisputeId: null }, (id) => opened.push(id))
    fake.notifications[0]!.listeners.get('click')!()
    fake.notifications[1]!.listeners.get('click')!()
    expect(opened).toEqual(['d-1', null])
  })

  it('is not shown where the system has no notifications', () => {
    fake.supported = false
    showReminder(notice, () => undefined)
    expect(fake.notifications).toEqual([])
  })
})

describe('clicking a reminder', () => {
  const aWindow = (minimised: boolean) => {
    const calls: string[] = []
    return {
      calls,
      isDestroyed: () => false,
      isMinimized: () => minimised,
      restore: () => void calls.push('restore'),
      show: () => void calls.push('show'),
      focus: () => void calls.push('focus'),
    }
  }

  it('restores a minimised window, brings it forward, and sends the page to the dispute', () => {
    const w = aWindow(true)
    const sent: AppEvent[] = []
    openFromReminder(w, 'd-1', (e) => sent.push(e))
    expect(w.calls).toEqual(['restore', 'show', 'focus'])
    expect(sent).toEqual([{ type: 'reminder', disputeId: 'd-1' }])
  })

  it('sends the page to the dashboard for a reminder about several disputes, and does nothing without a window', () => {
    const w = aWindow(false)
    const sent: AppEvent[] = []
    openFromReminder(w, null, (e) => sent.push(e))
    expect(w.calls).toEqual(['show', 'focus'])
    expect(sent).toEqual([{ type: 'reminder', disputeId: null }])
    openFromReminder(null, 'd-1', (e) => sent.push(e))
    openFromReminder({ ...w, isDestroyed: () => true }, 'd-1', (e) => sent.push(e))
    expect(sent).toHaveLength(1)
  })
})

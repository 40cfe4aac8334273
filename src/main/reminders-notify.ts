/**
 * The shell's half of the desktop reminders: an Electron notification with the domain's words, and what a
 * click does — bring the window forward and tell the page which dispute to open (or the dashboard). The
 * page opens it after unlock if the vault is locked by then. Nothing here is logged.
 */
import { Notification } from 'electron'
import type { AppEvent } from '../shared/channels'
import type { ReminderNotice } from './domain/reminders'

/** The window, as far as a reminder needs it (an Electron BrowserWindow). */
export interface ReminderWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

// Electron drops a notification's click handler once the object is collected: hold each until it goes.
const showing = new Set<Notification>()

export function showReminder(notice: ReminderNotice, onClick: (opensDisputeId: string | null) => void): void {
  if (!Notification.isSupported()) return
  const notification = new Notification({ title: notice.title, body: notice.body })
  const forget = (): void => void showing.delete(notification)
  notification.on('click', () => {
    forget()
    onClick(notice.opensDisputeId)
  })
  notification.on('close', forget)
  notification.on('failed', forget)
  showing.add(notification)
  notification.show()
}

/** A reminder was clicked: the window comes forward and the page goes to the dispute or the dashboard. */
export function openFromReminder(
  window: ReminderWindow | null,
  opensDisputeId: string | null,
  send: (event: AppEvent) => void,
): void {
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
  send({ type: 'reminder', disputeId: opensDisputeId })
}

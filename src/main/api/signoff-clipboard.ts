/**
 * The record copied for the child's file stays on the clipboard for two minutes at most: then, and when
 * the vault locks, it is cleared — but only if the clipboard still holds that very text, so whatever the
 * person copied since is left alone. One copy per context: a new copy replaces the old one's timer.
 */
import type { ClipboardAccess, Context } from './context'

export type { ClipboardAccess }

export const CLIPBOARD_CLEAR_MS = 2 * 60 * 1000

const held = new WeakMap<Context, { text: string; timer: ReturnType<typeof setTimeout> }>()

async function clearIfStillOurs(clipboard: ClipboardAccess, text: string): Promise<void> {
  try {
    if ((await clipboard.readText()) === text) clipboard.clear()
  } catch {
    // A clipboard that cannot be read is left alone.
  }
}

export function copyForAWhile(ctx: Context, clipboard: ClipboardAccess, text: string): void {
  forgetCopy(ctx)
  clipboard.writeText(text)
  const timer = setTimeout(() => {
    held.delete(ctx)
    void clearIfStillOurs(clipboard, text)
  }, CLIPBOARD_CLEAR_MS)
  timer.unref?.()
  held.set(ctx, { text, timer })
}

function forgetCopy(ctx: Context): void {
  const before = held.get(ctx)
  if (before) clearTimeout(before.timer)
  held.delete(ctx)
}

/** Called when the vault locks (vault-handlers.ts lockNow) and when the app goes away. */
export function clearCopyOnLock(ctx: Context): void {
  const before = held.get(ctx)
  forgetCopy(ctx)
  if (before && ctx.deps.clipboard) void clearIfStillOurs(ctx.deps.clipboard, before.text)
}

/**
 * The shell's clipboard (src/main/clipboard.ts) over a stand-in for Electron's `clipboard`, and the two-minute
 * and on-lock clearing it is used for (src/main/api/signoff-clipboard.ts): cleared only while it still holds
 * the text copied, so what the person copied since is left alone (issue 21, "Copy for the child's file").
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClipboard } from '../../../src/main/clipboard'
import { CLIPBOARD_CLEAR_MS, clearCopyOnLock, copyForAWhile } from '../../../src/main/api/signoff-clipboard'
import type { Context } from '../../../src/main/api/context'

function fakeElectronClipboard() {
  const state = { text: '', cleared: 0 }
  return {
    state,
    clipboard: {
      writeText: (t: string) => void (state.text = t),
      // Electron 45 types readText as a promise on some platforms: both are accepted.
      readText: () => Promise.resolve(state.text),
      clear: () => void ((state.text = ''), state.cleared++),
    },
  }
}

afterEach(() => vi.useRealTimers())

describe('the clipboard for the child’s file', () => {
  it('clears the copied text after two minutes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { state, clipboard } = fakeElectronClipboard()
    const access = systemClipboard(clipboard)
    const ctx = { deps: { clipboard: access } } as unknown as Context
    copyForAWhile(ctx, access, 'Dispute reference: ESC-2026-0001')
    expect(state.text).toBe('Dispute reference: ESC-2026-0001')
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS - 1)
    expect(state.text).toBe('Dispute reference: ESC-2026-0001')
    await vi.advanceTimersByTimeAsync(1)
    expect(state.text).toBe('')
  })

  it('leaves alone what was copied since, after two minutes and on lock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { state, clipboard } = fakeElectronClipboard()
    const access = systemClipboard(clipboard)
    const ctx = { deps: { clipboard: access } } as unknown as Context
    copyForAWhile(ctx, access, 'the record')
    state.text = 'a phone number the DSL copied'
    clearCopyOnLock(ctx)
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS)
    expect(state.text).toBe('a phone number the DSL copied')
    expect(state.cleared).toBe(0)
  })

  it('clears it on lock while it still holds the record', async () => {
    const { state, clipboard } = fakeElectronClipboard()
    const access = systemClipboard(clipboard)
    const ctx = { deps: { clipboard: access } } as unknown as Context
    copyForAWhile(ctx, access, 'the record')
    clearCopyOnLock(ctx)
    await Promise.resolve()
    await Promise.resolve()
    expect(state.text).toBe('')
  })
})

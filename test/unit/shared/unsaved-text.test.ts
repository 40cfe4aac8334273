/**
 * Unsaved contact text is offered only to the person who typed it.
 *
 * Issue 12, finding 9: "unsaved contact text is offered to whoever unlocks next"; "What to build":
 * "unsaved text offered only to the person who typed it". The renderer keeps what was typed in memory
 * across a lock (src/shared/unsaved.ts, used by the Log a contact screen); this is that store, which has no DOM and no Node.
 */
import { describe, expect, it } from 'vitest'
import { UnsavedText } from '../../../src/shared/unsaved'

const VAULT = '/home/harriet/Escalation Log/vault'
const form = { disputeId: 'd1', recordId: null, form: { whatWasSaid: 'Half-typed call notes' } }

describe('unsaved text', () => {
  it('is offered back to the person who typed it after a lock and unlock', () => {
    const kept = new UnsavedText<typeof form>()
    kept.signIn(VAULT, 'harriet')
    kept.keep(form)
    // Lock; Harriet unlocks again.
    kept.signIn(VAULT, 'harriet')
    expect(kept.take()).toBe(form)
  })

  it('is not offered to a colleague who unlocks next, and is gone when the typist comes back after them', () => {
    const kept = new UnsavedText<typeof form>()
    kept.signIn(VAULT, 'harriet')
    kept.keep(form)
    kept.signIn(VAULT, 'sam')
    expect(kept.take()).toBeNull()
    // Discarded, not merely hidden: it was in memory only, and it must not wait there for the next person either.
    kept.signIn(VAULT, 'harriet')
    expect(kept.take()).toBeNull()
  })

  it('is not offered in another vault, even to the same person id', () => {
    const kept = new UnsavedText<typeof form>()
    kept.signIn(VAULT, 'harriet')
    kept.keep(form)
    kept.signIn('/media/usb/other vault', 'harriet')
    expect(kept.take()).toBeNull()
  })

  it('keeps nothing when nobody is signed in, and clearIf drops only the value it names', () => {
    const kept = new UnsavedText<typeof form>()
    kept.keep(form)
    kept.signIn(VAULT, 'harriet')
    expect(kept.take()).toBeNull()
    kept.keep(form)
    kept.clearIf((v) => v !== form)
    expect(kept.take()).toBe(form)
    kept.clearIf((v) => v === form)
    expect(kept.take()).toBeNull()
  })
})

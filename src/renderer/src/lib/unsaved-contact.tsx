import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from 'react'
import { UnsavedText } from '../../../shared/unsaved'
import type { ContactForm } from '../screens/LogContactForm'

/** A contact being typed and not yet saved: which dispute, which draft (null before its first save), what is on screen. */
export interface UnsavedContact {
  disputeId: string
  recordId: string | null
  form: ContactForm
}

/**
 * What was typed but not yet saved, kept in memory while the vault is locked so that nothing is lost
 * when auto-lock interrupts a call being logged, and offered back only to the person who typed it (the
 * rules are UnsavedText's, in shared/). Never written anywhere. One store per window, held above the
 * screens (they unmount at a lock), read by React through `subscribe`, so a render never reads a
 * module-level variable React cannot see change.
 */
export class UnsavedContactStore {
  private readonly text = new UnsavedText<UnsavedContact>()
  private readonly listeners = new Set<() => void>()

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }

  /** Who is signed in now; text kept for anyone else is dropped. Called before anything reads the store. */
  signIn(vaultDir: string, personId: string): void {
    const before = this.text.take()
    this.text.signIn(vaultDir, personId)
    if (this.text.take() !== before) this.changed()
  }

  take = (): UnsavedContact | null => this.text.take()

  keep(value: UnsavedContact): void {
    this.text.keep(value)
    this.changed()
  }

  clear(): void {
    if (this.text.take() === null) return
    this.text.clear()
    this.changed()
  }

  /** Only if what is kept is still `form` (a save of an older form must not drop newer typing). */
  clearIf(form: ContactForm): void {
    const before = this.text.take()
    this.text.clearIf((kept) => kept.form === form)
    if (this.text.take() !== before) this.changed()
  }
}

const StoreContext = createContext<UnsavedContactStore | null>(null)

export function UnsavedContactProvider({ children, store }: { children: ReactNode; store?: UnsavedContactStore }) {
  const [own] = useState(() => store ?? new UnsavedContactStore())
  return <StoreContext.Provider value={own}>{children}</StoreContext.Provider>
}

export function useUnsavedContactStore(): UnsavedContactStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useUnsavedContactStore needs an UnsavedContactProvider above it')
  return store
}

/** The dispute of the contact being typed and not saved, or null: re-renders only when that changes. */
export function usePendingContactDispute(): string | null {
  const store = useUnsavedContactStore()
  return useSyncExternalStore(store.subscribe, () => store.take()?.disputeId ?? null)
}

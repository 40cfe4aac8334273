/**
 * Text typed but not yet saved, kept in memory while the vault is locked so that nothing is lost when
 * auto-lock interrupts a contact being logged — and offered back only to the person who typed it, in the
 * vault they typed it in. A colleague who unlocks next as themselves (issue 12, "unsaved text offered only
 * to the person who typed it") never sees it: their sign-in discards it, because it was not theirs to read
 * and it is not saved anywhere else. Never written to disk. Here in shared (no Node, no DOM) so it is unit-tested.
 */
export class UnsavedText<T> {
  private kept: { owner: string; value: T } | null = null
  private owner: string | null = null

  /** Who is signed in now (vault folder and person id); text kept for anyone else is dropped. */
  signIn(vaultDir: string, personId: string): void {
    this.owner = `${vaultDir}\n${personId}`
    if (this.kept && this.kept.owner !== this.owner) this.kept = null
  }

  /** Keeps `value` for the person signed in now; kept for nobody when nobody is signed in. */
  keep(value: T): void {
    this.kept = this.owner ? { owner: this.owner, value } : null
  }

  /** What the person signed in now typed and has not saved, or null. */
  take(): T | null {
    return this.kept && this.kept.owner === this.owner ? this.kept.value : null
  }

  /** Saved (or deliberately closed): nothing to offer any more. */
  clear(): void {
    this.kept = null
  }

  /** Only this value, if it is still the one kept (a save of an older form must not drop newer typing). */
  clearIf(predicate: (value: T) => boolean): void {
    if (this.kept && predicate(this.kept.value)) this.kept = null
  }
}

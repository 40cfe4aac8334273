/**
 * lowdb over the vault: one `Low<T>` per document, each write a commit (one audit event).
 *
 * The trap this avoids: `Low.read()` keeps `defaultData` when the adapter returns null, and the next write
 * then replaces the real document. So `read()` returns null ONLY when the manifest says the document never
 * existed (or was deleted); a missing, damaged, swapped or rolled-back document makes it THROW.
 * VaultDocument also keeps `data` at its last saved value when a write fails.
 */
import { Low, type Adapter } from 'lowdb'
import type { AuditEventInput, Vault } from './types'

export type DescribeSave<T> = (data: T) => AuditEventInput

export class VaultDocumentAdapter<T> implements Adapter<T> {
  constructor(
    private readonly vault: Vault,
    readonly docId: string,
    private readonly describe: DescribeSave<T>,
  ) {}

  async read(): Promise<T | null> {
    const value = await this.vault.load<T>(this.docId)
    return value === undefined ? null : value
  }

  async write(data: T): Promise<void> {
    await this.vault.commit(this.describe(data), [{ docId: this.docId, data }])
  }
}

export class VaultDocument<T> extends Low<T> {
  /** JSON of the last value read or saved, to put `data` back when a write fails. */
  private saved: string

  constructor(adapter: VaultDocumentAdapter<T>, defaultData: T) {
    super(adapter, defaultData)
    this.saved = JSON.stringify(defaultData)
  }

  override async read(): Promise<void> {
    await super.read()
    this.saved = JSON.stringify(this.data)
  }

  /** Saves `data` (which the caller may have changed in place); on failure `data` reverts and it throws. */
  override async write(): Promise<void> {
    const json = JSON.stringify(this.data)
    try {
      await super.write()
      this.saved = json
    } catch (e) {
      this.data = JSON.parse(this.saved) as T
      throw e
    }
  }

  /** Applies `fn` to a copy and saves it; `data` changes only if the save succeeds. */
  override async update(fn: (data: T) => unknown): Promise<void> {
    const draft = JSON.parse(JSON.stringify(this.data)) as T
    fn(draft)
    await this.adapter.write(draft)
    this.data = draft
    this.saved = JSON.stringify(draft)
  }
}

/** Opens (reads) one document as a lowdb instance. Throws if the document is missing or damaged. */
export async function openDocument<T>(
  vault: Vault,
  docId: string,
  defaultData: T,
  describe: DescribeSave<T> = () => ({ action: 'document-saved', subject: docId, summary: 'Document saved' }),
): Promise<VaultDocument<T>> {
  const doc = new VaultDocument<T>(new VaultDocumentAdapter(vault, docId, describe), defaultData)
  await doc.read()
  return doc
}

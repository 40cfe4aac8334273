/** The manifest: which generation (and file hash) every document is at, rebuilt from journal events. */
import type { ManifestEntry } from './sealed-state'
import type { DocumentChangeRecord } from './types'

export type Manifest = Map<string, ManifestEntry>

export const isLive = (e: ManifestEntry | undefined): e is { generation: number; hash: string; epoch?: number } =>
  e !== undefined && !('deleted' in e)

/**
 * Applies one event's document records. Returns a reason when the event is inconsistent with the manifest
 * (a generation that does not follow on, deleting a document that is not there); the manifest is then
 * left partly applied, which does not matter because the caller refuses the journal.
 */
export function applyDocs(manifest: Manifest, docs: DocumentChangeRecord[], epoch = 0): string | null {
  const seen = new Set<string>()
  for (const d of docs) {
    if (seen.has(d.id)) return `it changes the document “${d.id}” twice`
    seen.add(d.id)
    const prev = manifest.get(d.id)
    if ('deleted' in d) {
      if (!isLive(prev)) return `it deletes the document “${d.id}”, which is not there`
      manifest.set(d.id, { generation: prev.generation, deleted: true })
    } else {
      const expected = (prev?.generation ?? 0) + 1
      if (d.generation !== expected) return `it puts the document “${d.id}” at version ${d.generation}, expected ${expected}`
      manifest.set(d.id, epoch === 0 ? { generation: d.generation, hash: d.hash } : { generation: d.generation, hash: d.hash, epoch })
    }
  }
  return null
}

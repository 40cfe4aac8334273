/** How a segment of the search index is stored (caselog/documents.ts, `search.<id>` and `search-texts.<id>`). */
import { currentFormat, searchSegmentDocId, searchTextsDocId } from '../caselog'
import type { SegmentData } from '../domain/search-segments'
import type { DocumentChange } from '../store'

/** The formats this version writes (caselog/documents.ts). */
const SEGMENT_FORMAT = currentFormat('searchSegment')
const TEXTS_FORMAT = currentFormat('searchTexts')

/**
 * What storing one segment writes: the segment, and apart from it (format 3) its snippet texts, in the same
 * commit. A segment without texts in memory has its old texts document removed, so none is ever paired with
 * the wrong segment (its snippets then come from the documents themselves).
 */
export function segmentWrites(segmentId: string, data: SegmentData, has: (docId: string) => boolean): DocumentChange[] {
  const { texts, ...segment } = data
  const textsId = searchTextsDocId(segmentId)
  return [
    { docId: searchSegmentDocId(segmentId), data: { format: SEGMENT_FORMAT, ...segment } },
    ...(texts ? [{ docId: textsId, data: { format: TEXTS_FORMAT, texts } }] : has(textsId) ? [{ docId: textsId, delete: true as const }] : []),
  ]
}

/** What removing one segment deletes: it and its texts, where present. */
export function segmentDeletes(segmentId: string, has: (docId: string) => boolean): DocumentChange[] {
  return [searchSegmentDocId(segmentId), searchTextsDocId(segmentId)].filter(has).map((docId) => ({ docId, delete: true as const }))
}

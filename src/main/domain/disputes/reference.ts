/**
 * Human references for disputes: "ESC-2026-0001". A pure function of the year and a counter, so the store
 * owns the counter (and its durability) and two calls with the same inputs always agree.
 */
const PATTERN = /^ESC-(\d{4})-(\d{4,})$/

export function disputeReference(year: number, counter: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`Not a four-digit year: ${year}`)
  if (!Number.isInteger(counter) || counter < 1)
    throw new RangeError(`A reference counter starts at 1 (not ${counter})`)
  return `ESC-${year}-${String(counter).padStart(4, '0')}`
}

/** The parts of a reference, or null if it is not one. */
export function parseDisputeReference(reference: string): { year: number; counter: number } | null {
  const m = PATTERN.exec(reference)
  return m ? { year: Number(m[1]), counter: Number(m[2]) } : null
}

/** The next counter for `year`, given the references already issued (1 for the first of the year). */
export function nextReferenceCounter(existing: Iterable<string>, year: number): number {
  let max = 0
  for (const ref of existing) {
    const parts = parseDisputeReference(ref)
    if (parts && parts.year === year && parts.counter > max) max = parts.counter
  }
  return max + 1
}

/**
 * The dispute with a new reference, the one it had kept as a previous reference: for a dispute that shares its
 * reference with another (two devices of a team vault, apart, each gave the next one). Nothing else changes.
 */
export function withNewReference<D extends { reference: string; previousReferences?: { reference: string; until: string; by: string; why: string }[] }>(
  dispute: D,
  reference: string,
  o: { at: string; by: string; why: string },
): D {
  if (reference === dispute.reference) throw new RangeError(`The dispute already has the reference ${reference}`)
  return { ...dispute, reference, previousReferences: [...(dispute.previousReferences ?? []), { reference: dispute.reference, until: o.at, by: o.by, why: o.why }] }
}

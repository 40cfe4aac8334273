/**
 * Reading a quarter's figures (`quarter-figures.<y>-<q>`) and the quarter totals (`quarter-totals`) without
 * the full schema parse, as the year summaries and quarter documents are read (summary-form.ts). They are
 * what the first quarterly figures after unlock read, a few KB each; parsing them with their zod schemas
 * cost more than reading and decrypting them (issue #20, "quarterly figures, first after unlock ≤ 5 × the
 * dashboard query").
 *
 * The check accepts a document only in exactly the shape its schema gives (`QuarterFiguresDoc` and
 * `QuarterTotalsDoc` in documents.ts, `QuarterCounts` in domain/quarter-counts.ts: every key present, no key
 * more, every leaf of its type), so it accepts no more than the schema does and what it accepts the schema
 * would return unchanged (a test holds the two together). Anything else goes to readDocument, which
 * migrates, parses or refuses it by name.
 */
import type { QuarterFiguresDoc, QuarterTotalsDoc } from './documents'
import { currentFormat, readDocument } from './migrations'
// Exactly these keys, no more (the schemas are strict).
import { hasKeys } from './summary-form'

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const isCount = (v: unknown): boolean => isInteger(v) && v > 0
const isTally = (v: unknown): boolean => isInteger(v) && v >= 0
const isStage = (v: unknown): boolean => isInteger(v) && v >= 1


const everyOne = (v: unknown, inForm: (o: Obj) => boolean): boolean => Array.isArray(v) && v.every((o) => isObject(o) && inForm(o))
const policyInForm = (p: unknown): boolean => isObject(p) && hasKeys(p, ['id', 'version']) && isString(p.id) && isInteger(p.version)

const TALLIES_KEYS = ['opened', 'stageReached', 'reasons', 'agencies', 'withdrawn', 'notificationsSent', 'notificationsNotNeeded'] as const
const COUNTS_KEYS = [...TALLIES_KEYS, 'resolutions', 'deadlines'] as const

/** A policy's counts (without the lists, which are all's), or with `lists` every count. */
function countsInForm(c: unknown, lists: boolean): boolean {
  if (!isObject(c) || !hasKeys(c, lists ? COUNTS_KEYS : TALLIES_KEYS)) return false
  if (!isTally(c.opened) || !isTally(c.withdrawn) || !isTally(c.notificationsSent) || !isTally(c.notificationsNotNeeded)) return false
  const tallies =
    everyOne(c.stageReached, (s) => hasKeys(s, ['stage', 'count']) && (s.stage === 'emergency' || isStage(s.stage)) && isCount(s.count)) &&
    everyOne(c.reasons, (r) => hasKeys(r, ['id', 'policy', 'count']) && isString(r.id) && policyInForm(r.policy) && isCount(r.count)) &&
    everyOne(c.agencies, (a) => hasKeys(a, ['key', 'label', 'count']) && isString(a.key) && isString(a.label) && isCount(a.count))
  if (!tallies || !lists) return tallies
  return (
    everyOne(c.resolutions, (r) => hasKeys(r, ['reference', 'policyId', 'from', 'to']) && isString(r.reference) && isString(r.policyId) && isString(r.from) && isString(r.to)) &&
    everyOne(
      c.deadlines,
      (d) =>
        (Object.hasOwn(d, 'pendingUntil') ? hasKeys(d, ['reference', 'policy', 'stage', 'due', 'pendingUntil']) && isString(d.pendingUntil) : hasKeys(d, ['reference', 'policy', 'stage', 'due'])) &&
        isString(d.reference) &&
        policyInForm(d.policy) &&
        (d.stage === null || isStage(d.stage)) &&
        isString(d.due),
    )
  )
}

function figuresInForm(doc: Obj): boolean {
  if (!hasKeys(doc, ['format', 'all', 'policies']) || !countsInForm(doc.all, true) || !isObject(doc.policies)) return false
  for (const k in doc.policies) if (!countsInForm(doc.policies[k], false)) return false
  return true
}

const countsByKey = (v: unknown): boolean => {
  if (!isObject(v)) return false
  for (const k in v) if (!isCount(v[k])) return false
  return true
}

function totalsInForm(doc: Obj): boolean {
  if (!hasKeys(doc, ['format', 'years', 'policies']) || !Array.isArray(doc.years) || !isObject(doc.policies)) return false
  if (!doc.years.every((y) => isString(y) && /^\d{4}$/.test(y))) return false
  for (const k in doc.policies) {
    const p = doc.policies[k]
    if (!isObject(p) || !hasKeys(p, ['versions', 'opened', 'closed']) || !countsByKey(p.versions) || !countsByKey(p.opened) || !countsByKey(p.closed)) return false
  }
  return true
}

const FIGURES_FORMAT = currentFormat('quarterFigures')
const TOTALS_FORMAT = currentFormat('quarterTotals')

/** A quarter's figures: checked by structure at the current format, migrated and parsed otherwise. */
export function readQuarterFiguresDoc(docId: string, stored: unknown): QuarterFiguresDoc {
  if (isObject(stored) && stored.format === FIGURES_FORMAT && docId.startsWith('quarter-figures.') && figuresInForm(stored)) return stored as QuarterFiguresDoc
  return readDocument('quarterFigures', docId, stored)
}

/** The quarter totals: checked by structure at the current format, migrated and parsed otherwise. */
export function readQuarterTotalsDoc(docId: string, stored: unknown): QuarterTotalsDoc {
  if (isObject(stored) && stored.format === TOTALS_FORMAT && docId === 'quarter-totals' && totalsInForm(stored)) return stored as QuarterTotalsDoc
  return readDocument('quarterTotals', docId, stored)
}

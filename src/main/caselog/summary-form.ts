/**
 * Reading a year's summary (`summary.<year>`: the quarterly facts of each of its disputes) without the full
 * schema parse, as the search index's documents are read (derived-form.ts). A summary is a vault document
 * (encrypted and authenticated), derived from the disputes and rebuilt from the archives when damaged; at ten
 * years the ten summaries hold the facts of 5,000 disputes, and parsing them with the zod schema cost 4–10
 * times reading and decrypting them — the quarterly figures' first call after unlock (issue #20, "≤ 5 × the
 * dashboard query").
 *
 * The check walks every value once and accepts a document only in exactly the shape the schema gives
 * (`SummaryDoc` in documents.ts: every key present, no key more, every leaf of its type and form — real civil
 * dates, canonical UTC instants, the enumerations' own values). So it accepts no more than the schema does,
 * and what it accepts the schema would return unchanged (a test holds the two together). Anything else —
 * an older format, an unusual but valid shape, a damaged document — goes to readDocument, which migrates,
 * parses or refuses it by name as it does every document.
 */
import { checkCivilDate } from '../../shared/date-entry'
import type { QuarterDoc, SummaryDoc } from './documents'
import { currentFormat, readDocument } from './migrations'

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Exactly these keys, no more: the schema's objects would strip an extra key, so one is left to the schema. */
export function hasKeys(o: Obj, keys: readonly string[]): boolean {
  let n = 0
  for (const _ in o) n++
  if (n !== keys.length) return false
  for (const k of keys) if (!Object.hasOwn(o, k)) return false
  return true
}
const isString = (v: unknown): v is string => typeof v === 'string'
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every(isString)
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
/** A UTC instant as `Date.prototype.toISOString()` writes it: a form the schema's ISO datetime accepts. */
const isInstant = (v: unknown): boolean => isString(v) && CANONICAL_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v
const isCivil = (v: unknown): boolean => isString(v) && v.length <= 40 && checkCivilDate(v).ok
const isStage = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)
const ROUTES = new Set(['stages', 'emergency'])
const STATUSES = new Set(['open', 'resolved', 'withdrawn'])

const DISPUTE_KEYS = ['id', 'reference', 'status', 'route', 'openedAt', 'closedAt', 'childIds', 'policy', 'otherAgency', 'reasons', 'outcome', 'stageHistory', 'notificationsSent', 'notificationsNotNeeded'] as const
const VISIT_KEYS = ['route', 'stage', 'enteredOn', 'leftAt', 'due'] as const

function deadlineInForm(d: unknown): boolean {
  if (!isObject(d)) return false
  if (d.kind === 'date') return hasKeys(d, ['kind', 'date']) && isCivil(d.date)
  if (d.kind === 'instant') return hasKeys(d, ['kind', 'at']) && isInstant(d.at)
  return false
}

function visitInForm(v: unknown): boolean {
  if (!isObject(v) || !hasKeys(v, VISIT_KEYS)) return false
  if (!ROUTES.has(v.route as string) || !isStage(v.stage) || !isCivil(v.enteredOn)) return false
  if (v.leftAt !== null && !isInstant(v.leftAt)) return false
  const due = v.due
  return due === null || (isObject(due) && hasKeys(due, ['deadline']) && deadlineInForm(due.deadline))
}

function disputeInForm(d: unknown): boolean {
  if (!isObject(d) || !hasKeys(d, DISPUTE_KEYS)) return false
  if (!isString(d.id) || d.id.length === 0 || !isString(d.reference)) return false
  if (!STATUSES.has(d.status as string) || !ROUTES.has(d.route as string)) return false
  if (!isInstant(d.openedAt) || (d.closedAt !== null && !isInstant(d.closedAt))) return false
  if (!isStrings(d.childIds) || (d.childIds as string[]).length === 0) return false
  const p = d.policy
  if (!isObject(p) || !hasKeys(p, ['id', 'version', 'partnership']) || !isString(p.id) || !isString(p.partnership)) return false
  if (typeof p.version !== 'number' || !Number.isSafeInteger(p.version)) return false
  const a = d.otherAgency
  if (!isObject(a) || !hasKeys(a, ['agency']) || !isString(a.agency)) return false
  const r = d.reasons
  if (!isObject(r) || !hasKeys(r, ['ids']) || !isStrings(r.ids)) return false
  const o = d.outcome
  if (o !== null && !(isObject(o) && hasKeys(o, ['resolvedAt']) && isString(o.resolvedAt))) return false
  const visits = d.stageHistory
  if (!Array.isArray(visits) || visits.length === 0 || !visits.every(visitInForm)) return false
  const sent = d.notificationsSent
  if (!Array.isArray(sent) || !sent.every((n) => isObject(n) && hasKeys(n, ['notificationId', 'sentOn']) && isString(n.notificationId) && isCivil(n.sentOn))) return false
  const notNeeded = d.notificationsNotNeeded
  return Array.isArray(notNeeded) && notNeeded.every((n) => isObject(n) && hasKeys(n, ['notificationId', 'recordedAt']) && isString(n.notificationId) && isInstant(n.recordedAt))
}

function childInForm(c: unknown): boolean {
  if (!isObject(c)) return false
  for (const k in c) {
    if (k !== 'settingName' && k !== 'levelOfNeed') return false
    const v = c[k]
    if (v !== null && !isString(v)) return false
  }
  return true
}

function summaryInForm(doc: Obj): boolean {
  if (!hasKeys(doc, ['format', 'disputes', 'children'])) return false
  const { disputes, children } = doc
  if (!isObject(disputes) || !isObject(children)) return false
  for (const k in disputes) if (!disputeInForm(disputes[k])) return false
  for (const k in children) if (!childInForm(children[k])) return false
  return true
}

const SUMMARY_FORMAT = currentFormat('summary')
const QUARTER_FORMAT = currentFormat('quarter')

function quarterInForm(doc: Obj): boolean {
  if (!hasKeys(doc, ['format', 'disputes', 'children'])) return false
  const { disputes, children } = doc
  if (!isObject(disputes) || !isObject(children)) return false
  for (const k in disputes) if (!disputeInForm(disputes[k])) return false
  for (const k in children) {
    const of = children[k]
    if (!isObject(of)) return false
    for (const c in of) if (!childInForm(of[c])) return false
  }
  return true
}

/** A quarter's document (quarter-index.ts), read as a year's summary is: by structure at the current format. */
export function readQuarterDoc(docId: string, stored: unknown): QuarterDoc {
  if (isObject(stored) && stored.format === QUARTER_FORMAT && docId.startsWith('quarter.') && quarterInForm(stored)) return stored as QuarterDoc
  return readDocument('quarter', docId, stored)
}

/** A year's summary: checked by structure at the current format, migrated and parsed otherwise. */
export function readSummaryDoc(docId: string, stored: unknown): SummaryDoc {
  if (isObject(stored) && stored.format === SUMMARY_FORMAT && docId.startsWith('summary.') && summaryInForm(stored)) return stored as SummaryDoc
  return readDocument('summary', docId, stored)
}

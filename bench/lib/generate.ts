/**
 * A synthetic case log, the same for a given scale and seed: children, disputes moved through their
 * stages by the real domain functions, contact records written and approved by the real record
 * lifecycle, and the audit events all of that would have written. Nothing here touches the disk.
 */
import type { Child } from '../../src/shared/children'
import { nhsCheckDigit } from '../../src/shared/children'
import type { Dispute, DisputedMatter } from '../../src/shared/dispute'
import type { Policy } from '../../src/shared/policy'
import type { ContactKind, ContactRecord } from '../../src/shared/records'
import {
  bundledBankHolidays,
  civilDateInLondon,
  createWorkingCalendar,
  type WorkingCalendar,
} from '../../src/main/domain/calendar'
import {
  disputeReference,
  escalate,
  notificationsOwed,
  openDispute,
  recordNotificationSent,
  resolve,
  withdraw,
  type Transition,
} from '../../src/main/domain/disputes'
import { builtInPolicies } from '../../src/main/domain/policies'
import { knownCircumstances } from '../../src/main/domain/policies/conditions'
import { addAddendum, approveRecord, createDraft, recordLabel } from '../../src/main/domain/records'
import { Rng } from './prng'
import type { Scale } from './scales'
import {
  AGENCIES,
  ROLES,
  agreedText,
  disputeDescription,
  fullName,
  nextStepText,
  paragraph,
  personName,
  settingName,
  type TextContext,
} from './text'

export interface Actor {
  personId: string
  name: string
}

export interface GeneratedEvent {
  at: string
  action: string
  subject?: string
  summary: string
}

export interface GeneratedDispute {
  dispute: Dispute
  childNames: string[]
  records: ContactRecord[]
}

/**
 * What stays in memory of a generated case log: everything but the disputes, each of which is handed to
 * the caller as soon as it is made (`onDispute`, in the order they were opened) and not kept here.
 */
export interface SyntheticLog {
  disputes: number
  children: Record<string, Child>
  /** Highest reference counter used, per year (the index document keeps these). */
  counters: Record<string, number>
  /** Sorted by time. */
  events: GeneratedEvent[]
  /** An open dispute at stage 4 with `scale.packRecords` approved records. */
  packDisputeId: string
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const iso = (ms: number): string => new Date(ms).toISOString()

/** Moves an instant to a weekday between 08:00 and 17:00 UTC (the working day in England, near enough). */
function inWorkingHours(ms: number, rng: Rng): number {
  const d = new Date(ms)
  const dow = d.getUTCDay()
  if (dow === 6) d.setUTCDate(d.getUTCDate() + 2)
  if (dow === 0) d.setUTCDate(d.getUTCDate() + 1)
  d.setUTCHours(rng.int(8, 16), rng.int(0, 59), rng.int(0, 59), 0)
  return d.getTime()
}

/** Squeezes the time of day into 08:00–17:00 UTC, keeping the order of instants within a day. */
function dayTime(ms: number): number {
  const midnight = Math.floor(ms / DAY) * DAY
  return midnight + 8 * HOUR + Math.floor(((ms - midnight) / DAY) * 9 * HOUR)
}

function nhsNumber(rng: Rng): string {
  for (;;) {
    const nine = `${rng.int(4, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
    const check = nhsCheckDigit(nine)
    if (check !== 10) return `${nine}${check}`
  }
}

function ok(t: Transition, what: string): Dispute {
  if (!t.ok) throw new Error(`synthetic ${what} refused: ${t.error.code} ${t.error.message}`)
  return t.dispute
}

const KIND_WEIGHTS: [ContactKind, number][] = [
  ['phone-call', 30],
  ['email-sent', 20],
  ['email-received', 15],
  ['voicemail-left', 10],
  ['failed-attempt', 10],
  ['meeting', 8],
  ['text-message', 4],
  ['letter', 3],
]

/** Splits `total` into `n` whole counts with exponentially distributed sizes (many small, a few large). */
function spread(rng: Rng, total: number, n: number): number[] {
  if (n === 0) return []
  const weights = Array.from({ length: n }, () => rng.exponential())
  const sum = weights.reduce((a, b) => a + b, 0)
  const counts = weights.map((w) => Math.floor((w / sum) * total))
  let left = total - counts.reduce((a, b) => a + b, 0)
  while (left > 0) {
    counts[rng.int(0, n - 1)]++
    left--
  }
  return counts
}

interface Context {
  rng: Rng
  scale: Scale
  actor: Actor
  calendar: WorkingCalendar
  nowMs: number
  events: GeneratedEvent[]
}

function makeRecord(
  c: Context,
  dispute: Dispute,
  text: TextContext,
  stage: ContactRecord['stage'],
  occurredMs: number,
  approve: boolean,
): ContactRecord {
  const { rng, actor, nowMs, events } = c
  const kind = rng.weighted(KIND_WEIGHTS)
  // 200–1500 characters in all, most of them towards the short end.
  const length = 200 + Math.floor(1300 * Math.pow(rng.float(), 1.6))
  const talked = kind !== 'failed-attempt' && kind !== 'voicemail-left'
  const agreed = talked && rng.chance(0.7) ? agreedText(rng, text).slice(0, Math.floor(length * 0.3)) : ''
  const next = rng.chance(0.5) ? nextStepText(rng) : ''
  const said = paragraph(rng, text, Math.max(120, length - agreed.length - next.length))
  const recordedMs = Math.min(
    nowMs - 30 * MINUTE,
    occurredMs + (rng.chance(0.05) ? rng.int(25, 72) * HOUR : rng.int(5, 180) * MINUTE),
  )
  const draft = createDraft(
    {
      kind,
      stage,
      occurredAt: iso(occurredMs),
      contact: { name: text.contact, role: text.role, agency: text.agency },
      weSaid: kind === 'voicemail-left' ? '' : said,
      whatWasAgreed: agreed,
      nextStep: next,
      ...(kind === 'voicemail-left' ? { messageLeft: said } : {}),
      ...(kind === 'phone-call' || kind === 'failed-attempt'
        ? { numberDialled: '0121 496 0000', answered: kind === 'phone-call' }
        : {}),
    },
    { id: rng.hex(16), disputeId: dispute.id, author: actor, now: iso(recordedMs) },
  )
  const label = recordLabel(draft)
  events.push({
    at: iso(recordedMs),
    action: 'record-drafted',
    subject: dispute.reference,
    summary: `Draft started: ${label}`,
  })
  if (!approve) return draft
  if (rng.chance(0.3))
    events.push({
      at: iso(recordedMs + MINUTE),
      action: 'record-edited',
      subject: dispute.reference,
      summary: `Draft edited: ${label}`,
    })
  const approvedMs = Math.min(nowMs - 10 * MINUTE, recordedMs + rng.int(2, 90) * MINUTE)
  let record = approveRecord(draft, actor, { now: iso(approvedMs) })
  events.push({
    at: iso(approvedMs),
    action: 'record-approved',
    subject: dispute.reference,
    summary: `Approved: ${label}`,
  })
  const addendumMs = approvedMs + rng.int(1, 10) * DAY
  if (rng.chance(0.02) && addendumMs < nowMs) {
    record = addAddendum(
      record,
      { reason: 'Correcting the time of the call', text: paragraph(rng, text, rng.int(80, 300)) },
      actor,
      { id: rng.hex(16), now: iso(addendumMs) },
    )
    events.push({
      at: iso(addendumMs),
      action: 'addendum-added',
      subject: dispute.reference,
      summary: `Addendum added: ${label}`,
    })
  }
  return record
}

/** The dispute's stage (or the emergency route) at an instant. */
function stageAt(dispute: Dispute, ms: number): ContactRecord['stage'] {
  let stage: ContactRecord['stage'] = dispute.route === 'emergency' ? 'emergency' : 1
  for (const v of dispute.stageHistory) if (Date.parse(v.enteredAt) <= ms) stage = v.stage ?? 'emergency'
  return stage
}

/**
 * @param eventCount exactly how many audit events to produce: sessions (unlock/lock pairs) fill the gap,
 * or the oldest draft edits are dropped if the case work alone produces more.
 */
export function generateCaseLog(
  scale: Scale,
  seed: number,
  actor: Actor,
  eventCount: number,
  onDispute: (made: GeneratedDispute) => void,
): SyntheticLog {
  const rng = new Rng(seed)
  const calendar = createWorkingCalendar({ bankHolidays: bundledBankHolidays() })
  const policies = builtInPolicies()
  const policyWeights: [Policy, number][] = policies.map((p, i) => [p, [30, 25, 25, 20][i] ?? 10])
  const startMs = Date.parse(scale.start)
  const nowMs = Date.parse(scale.now)
  const events: GeneratedEvent[] = []
  const c: Context = { rng, scale, actor, calendar, nowMs, events }

  // When each dispute is opened; the pack dispute is the first one opened in the last 60 days.
  const openTimes = Array.from({ length: scale.disputes }, () =>
    inWorkingHours(startMs + rng.float() * (nowMs - 3 * DAY - startMs), rng),
  ).sort((a, b) => a - b)
  let packIndex = openTimes.findIndex((t) => t >= nowMs - 60 * DAY)
  if (packIndex < 0) packIndex = openTimes.length - 1
  const recordCounts = spread(rng, scale.records - scale.packRecords, scale.disputes - 1)
  recordCounts.splice(packIndex, 0, scale.packRecords)

  const children: Record<string, Child> = {}
  const childIds: string[] = []
  let nextChild = 0
  const counters: Record<string, number> = {}
  let disputes = 0
  let packDisputeId = ''

  for (let i = 0; i < scale.disputes; i++) {
    const isPack = i === packIndex
    const openedMs = openTimes[i]
    const policy = rng.weighted(policyWeights)
    // The children: brothers and sisters share a surname.
    const family = personName(rng).last
    const ids: string[] = []
    const howMany = rng.weighted([
      [1, 35],
      [2, 35],
      [3, 30],
    ] as const)
    for (let k = 0; k < howMany; k++) {
      if (childIds.length < scale.children) {
        const dob = iso(openedMs - rng.int(1, 17) * 365 * DAY - rng.int(0, 364) * DAY).slice(0, 10)
        const child: Child = {
          id: rng.hex(16),
          name: `${personName(rng).first} ${family}`,
          dateOfBirth: dob,
          nhsNumber: rng.chance(0.8) ? nhsNumber(rng) : null,
          icsNumber: rng.chance(0.5) ? `ICS${rng.int(100000, 999999)}` : null,
          levelOfNeed: null,
          childProtectionPlan: rng.chance(0.2),
          lookedAfter: rng.chance(0.1),
          circumstanceHistory: [],
          settingType: 'school',
          settingName: settingName(rng),
        }
        // The flags' periods, from the day the child was first recorded.
        child.circumstanceHistory = (['childProtectionPlan', 'lookedAfter'] as const)
          .filter((flag) => child[flag])
          .map((circumstance) => ({ circumstance, from: iso(openedMs).slice(0, 10), to: null }))
        children[child.id] = child
        childIds.push(child.id)
        ids.push(child.id)
        events.push({
          at: iso(openedMs - 10 * MINUTE),
          action: 'child-added',
          subject: child.name,
          summary: 'Child added',
        })
      } else {
        ids.push(childIds[nextChild++ % childIds.length])
      }
    }
    const kids = [...new Set(ids)].map((id) => children[id])
    const known = new Set(knownCircumstances(policy).map((k) => k.id))
    const circumstances = [
      ...(kids.some((k) => k.childProtectionPlan) ? ['childProtectionPlan'] : []),
      ...(kids.some((k) => k.lookedAfter) ? ['lookedAfter'] : []),
    ].filter((id) => known.has(id))

    const other = { name: fullName(personName(rng)), role: rng.pick(ROLES), agency: rng.pick(AGENCIES) }
    const text: TextContext = {
      contact: other.name,
      role: other.role,
      agency: other.agency,
      child: kids[0].name.split(' ')[0],
    }
    const triage = isPack
      ? 'standard'
      : rng.weighted([
          ['standard', 92],
          ['significantHarm', 6],
          ['immediateDanger', 2],
        ] as const)
    const reasonIds =
      policy.reasonsForEscalation.length > 0
        ? [
            ...new Set([
              rng.pick(policy.reasonsForEscalation).id,
              ...(rng.chance(0.4) ? [rng.pick(policy.reasonsForEscalation).id] : []),
            ]),
          ]
        : []
    const year = Number(civilDateInLondon(iso(openedMs)).slice(0, 4))
    counters[String(year)] = (counters[String(year)] ?? 0) + 1
    const id = `${year}-${rng.hex(12)}`
    const reference = disputeReference(year, counters[String(year)])
    let dispute = ok(
      openDispute(
        {
          childIds: kids.map((k) => k.id),
          childCircumstances: circumstances,
          otherAgency: { agency: other.agency, practitioner: other.name, role: other.role },
          disputed: {
            kind: rng.pick<DisputedMatter['kind']>(['decision', 'action', 'inaction']),
            description: disputeDescription(rng, text),
          },
          reasons: { ids: reasonIds, text: paragraph(rng, text, rng.int(80, 400)) },
          disagreementOn: civilDateInLondon(iso(openedMs - rng.int(0, 3) * DAY)),
          triage: {
            level: triage,
            // What the policy's own immediate-danger instruction asks for: a 999 call, or what it says instead.
            ...(triage === 'immediateDanger'
              ? policy.immediateDanger && !policy.immediateDanger.call999
                ? { immediateAction: { doneAt: iso(openedMs - 30 * MINUTE), by: actor.name } }
                : { emergencyCall: { calledAt: iso(openedMs - 30 * MINUTE), by: actor.name } }
              : {}),
          },
          by: actor.name,
        },
        { policy, calendar, now: iso(openedMs), records: [], id, reference },
      ),
      'opening',
    )
    events.push({
      at: iso(openedMs),
      action: 'dispute-opened',
      subject: reference,
      summary: `Dispute opened with ${other.agency} under ${policy.title}`,
    })

    // How long it runs, how far it goes.
    const u = rng.float()
    const days = u < 0.6 ? rng.int(5, 40) : u < 0.9 ? rng.int(40, 100) : rng.int(100, 250)
    const closeMs = isPack ? Infinity : inWorkingHours(openedMs + days * DAY, rng)
    const stillOpen = closeMs > nowMs - HOUR
    const lastMs = Math.min(closeMs, nowMs - HOUR)
    const maxStage = isPack
      ? 4
      : dispute.route === 'emergency'
        ? 1
        : rng.weighted([
            [1, 50],
            [2, 30],
            [3, 15],
            [4, 5],
          ] as const)
    const spanMs = (isPack ? nowMs - 2 * DAY : closeMs) - openedMs
    const moves: { at: number; kind: 'escalate' | 'notify' }[] = []
    for (let s = 2; s <= maxStage; s++)
      moves.push({ at: openedMs + (spanMs * (s - 1)) / (maxStage + 0.5), kind: 'escalate' })
    if (rng.chance(0.8)) moves.push({ at: openedMs + rng.int(2, 26) * HOUR, kind: 'notify' })

    // The records, in time order, interleaved with the moves.
    const count = recordCounts[i]
    const recordTimes = Array.from({ length: count }, () =>
      Math.min(
        dayTime(openedMs + 5 * MINUTE + rng.float() * (lastMs - openedMs - 4 * HOUR)),
        lastMs - 2 * HOUR,
      ),
    ).sort((a, b) => a - b)
    const drafts = stillOpen && !isPack ? (rng.chance(0.4) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0) : 0
    const records: ContactRecord[] = []
    let m = 0
    const applyMovesUntil = (ms: number) => {
      for (; m < moves.length && moves[m].at <= ms; m++) {
        const move = moves[m]
        if (move.at > lastMs) continue
        const at = iso(move.at)
        const ctx = { policy, calendar, now: at, records: [] }
        if (move.kind === 'escalate') {
          const next = policy.stages[dispute.currentStage ?? 0]
          if (!next || dispute.route !== 'stages') continue
          dispute = ok(
            escalate(dispute, { by: actor.name, confirmations: next.entryChecks.map((e) => e.id) }, ctx),
            'escalation',
          )
          events.push({
            at,
            action: 'escalated',
            subject: reference,
            summary: `Escalated to stage ${dispute.currentStage ?? ''}`,
          })
        } else {
          const owed = notificationsOwed(dispute, policy)[0]
          if (!owed) continue
          const sentOn = civilDateInLondon(at)
          if (sentOn < dispute.disagreementOn) continue
          const t = recordNotificationSent(
            dispute,
            {
              notificationId: owed.notificationId,
              ...(owed.stage !== null ? { stage: owed.stage } : {}),
              sentOn,
              by: actor.name,
            },
            ctx,
          )
          if (!t.ok) continue
          dispute = t.dispute
          events.push({
            at,
            action: 'notification-sent',
            subject: reference,
            summary: `Notification recorded as sent: ${owed.notificationId}`,
          })
        }
      }
    }
    recordTimes.forEach((ms, r) => {
      applyMovesUntil(ms)
      records.push(makeRecord(c, dispute, text, stageAt(dispute, ms), ms, r < count - drafts))
    })
    applyMovesUntil(lastMs)

    if (!stillOpen) {
      const at = iso(closeMs)
      const ctx = { policy, calendar, now: at, records: [] }
      if (rng.chance(0.85)) {
        dispute = ok(
          resolve(
            dispute,
            {
              summary: paragraph(rng, text, rng.int(80, 300)),
              writtenConfirmation: { receivedOn: civilDateInLondon(at), from: other.name },
              ...(rng.chance(0.5) ? { whatWorkedWell: paragraph(rng, text, rng.int(60, 200)) } : {}),
              ...(rng.chance(0.3) ? { lessonsToForward: paragraph(rng, text, rng.int(60, 200)) } : {}),
              by: actor.name,
            },
            ctx,
          ),
          'resolution',
        )
        events.push({
          at,
          action: 'resolved',
          subject: reference,
          summary: 'Resolved with a written outcome',
        })
      } else {
        dispute = ok(
          withdraw(dispute, { reason: paragraph(rng, text, rng.int(60, 200)), by: actor.name }, ctx),
          'withdrawal',
        )
        events.push({ at, action: 'withdrawn', subject: reference, summary: 'Withdrawn' })
      }
    }
    onDispute({ dispute, childNames: kids.map((k) => k.name), records })
    disputes++
    if (isPack) packDisputeId = dispute.id
  }
  // Children not yet in any dispute (added, then nothing came of it).
  while (childIds.length < scale.children) {
    const at = inWorkingHours(startMs + rng.float() * (nowMs - startMs - DAY), rng)
    const child: Child = {
      id: rng.hex(16),
      name: fullName(personName(rng)),
      dateOfBirth: iso(at - rng.int(1, 17) * 365 * DAY).slice(0, 10),
      nhsNumber: null,
      icsNumber: null,
      levelOfNeed: null,
      childProtectionPlan: false,
      lookedAfter: false,
      circumstanceHistory: [],
      settingType: 'school',
      settingName: settingName(rng),
    }
    children[child.id] = child
    childIds.push(child.id)
    events.push({ at: iso(at), action: 'child-added', subject: child.name, summary: 'Child added' })
  }

  fitEvents(events, eventCount, rng, startMs, nowMs)
  return { disputes, children, counters, events, packDisputeId }
}

/** Makes `events` exactly `count` long (sessions fill the gap; surplus draft edits go), sorted by time. */
function fitEvents(events: GeneratedEvent[], count: number, rng: Rng, startMs: number, nowMs: number): void {
  if (events.length > count) {
    let surplus = events.length - count
    for (let i = 0; i < events.length && surplus > 0; i++)
      if (events[i].action === 'record-edited') {
        events.splice(i--, 1)
        surplus--
      }
    if (surplus > 0)
      throw new Error(
        `the case work alone writes ${count + surplus} events, more than the ${count} asked for`,
      )
  }
  while (events.length < count) {
    const at = inWorkingHours(startMs + rng.float() * (nowMs - startMs - DAY), rng)
    events.push({ at: iso(at), action: 'unlock', summary: 'Vault unlocked' })
    if (events.length < count)
      events.push({ at: iso(at + rng.int(5, 240) * MINUTE), action: 'lock', summary: 'Vault locked' })
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/**
 * What goes in each field of a partnership's form. The form (its fields, labels, order, options) is the
 * policy's data; this module only knows where in the vault an answer can be found, by the field's id (a
 * small vocabulary listed in docs/exports/README.md) or, failing that, by its kind ("nhsNumber") or the
 * list its options come from ("reasonsForEscalation"). A field it cannot answer stays blank: the form is
 * completed by hand, never with a guess.
 */
import { type Child, formatNhsNumber } from '../../shared/children'
import { formatDate } from '../../shared/dates'
import type { Dispute } from '../../shared/dispute'
import type { ChildIdentifier } from '../../shared/identifiers'
import type { FormField, Option, Policy } from '../../shared/policy'
import { civilDateInLondon } from '../domain/calendar'
import { identifierOfField } from '../domain/notice-identifiers'
import { type StagePeople, stagePeople } from '../domain/disputes'
import { levelOfNeedLabel, stageName } from './blocks'
import type { ExportOptions } from './house-style'

export type FieldValue =
  | { kind: 'text'; text: string }
  | { kind: 'ticks'; options: { id: string; label: string; ticked: boolean; detail?: string }[] }
  | { kind: 'blank' }

export interface FormFillContext {
  dispute: Dispute
  policy: Policy
  children: readonly Child[]
  options: ExportOptions
  /** The stage the form is for (a stage notification), or null. */
  stage: number | null
  /** The date the form was sent, if recorded; otherwise it is dated the day it is prepared. */
  sentOn?: string
  /** The identifiers the notice carries (the DSL's choice); absent: all the form asks for. */
  identifiers?: readonly ChildIdentifier[]
}

/** What a field asking for an identifier the DSL left out says: never the value, never a box to fill in. */
export const NOT_INCLUDED = 'Not included in this notice'

const blank: FieldValue = { kind: 'blank' }
const text = (value: string | null | undefined): FieldValue =>
  value === null || value === undefined || value.trim() === '' ? blank : { kind: 'text', text: value.trim() }

/** One line per child when there are several ("Ellie Marsh: 12 Mar 2016"), the value alone for one. */
function perChild(children: readonly Child[], value: (c: Child) => string | null): FieldValue {
  const values = children.map((c) => [c, value(c)] as const).filter(([, v]) => v !== null && v !== '')
  if (values.length === 0) return blank
  if (children.length === 1) return text(values[0][1])
  return text(values.map(([c, v]) => `${c.name}: ${v}`).join('\n'))
}

export function fieldOptions(field: FormField, policy: Policy): Option[] {
  if (field.options) return field.options
  switch (field.optionsFrom) {
    case 'reasonsForEscalation':
      return policy.reasonsForEscalation
    case 'levelsOfNeed':
      return policy.levelsOfNeed
    case 'stages':
      return policy.stages.map((s) => ({ id: String(s.number), label: stageName(policy, s.number) }))
    default:
      return []
  }
}

function reasonTicks(field: FormField, ctx: FormFillContext): FieldValue {
  const reasons = ctx.dispute.outcome?.reasons ?? ctx.dispute.reasons
  return {
    kind: 'ticks',
    options: fieldOptions(field, ctx.policy).map((o) => {
      const ticked = reasons.ids.includes(o.id)
      return {
        id: o.id,
        label: o.label,
        ticked,
        ...(ticked && o.needsDetail && reasons.text ? { detail: reasons.text } : {}),
      }
    }),
  }
}

function stageReached(ctx: FormFillContext): FieldValue {
  const o = ctx.dispute.outcome
  if (!o) return blank
  return text(o.route === 'emergency' ? stageName(ctx.policy, null) : stageName(ctx.policy, o.stageReached))
}

/**
 * Who was involved at the stage the form is for: the people recorded when the matter was escalated to it
 * (or since). The outcome form is for the stage the outcome was reached at (or the rapid-resolution route).
 */
function people(ctx: FormFillContext): StagePeople {
  const emergency = ctx.stage === null && ctx.dispute.outcome?.route === 'emergency'
  return stagePeople(ctx.dispute, emergency ? 'emergency' : ctx.stage)
}

const nameAndRole = (person: StagePeople['ourSide']): string | null =>
  person === null ? null : [person.name, person.role].filter(Boolean).join(', ')

type Filler = (ctx: FormFillContext, field: FormField) => FieldValue

/** The field ids the app can answer from the vault. */
const BY_ID: Record<string, Filler> = {
  date: (ctx) => text(formatDate(ctx.sentOn ?? civilDateInLondon(ctx.options.now))),
  // The professional submitting is who took the matter up on our side at this stage (at St Helens stage 2
  // our line manager, not whoever exports the form); blank where no one was recorded. Our agency and its
  // details are the organisation's, whoever submits.
  'submitter-name': (ctx) => text(nameAndRole(people(ctx).ourSide)),
  'submitter-role': (ctx) => text(people(ctx).ourSide?.role),
  'submitter-agency': (ctx) => text(people(ctx).ourSide?.agency || ctx.options.exportedBy.agency),
  'submitter-agency-details': (ctx) => text(ctx.options.exportedBy.agencyDetails),
  'submitter-contact-details': (ctx) => text(people(ctx).ourSide?.contactDetails),
  // Whom the matter sat with on their side at this stage, as recorded; blank where no one was.
  'raised-with-name': (ctx) => text(nameAndRole(people(ctx).theirSide)),
  'raised-with-agency': (ctx) => text(people(ctx).theirSide?.agency || ctx.dispute.otherAgency.agency),
  // The vault holds no "further agency details" of the other agency: left for the DSL to complete.
  'raised-with-agency-details': () => blank,
  'raised-with-contact-details': (ctx) => text(people(ctx).theirSide?.contactDetails),
  'child-family-name': (ctx) =>
    ctx.children.length === 0
      ? blank
      : text(
          `${ctx.children.map((c) => c.name).join(', ')} (${ctx.children.length} ${ctx.children.length === 1 ? 'child' : 'children'})`,
        ),
  'date-of-birth': (ctx) => perChild(ctx.children, (c) => (c.dateOfBirth ? formatDate(c.dateOfBirth) : null)),
  'current-level-of-need': (ctx) => perChild(ctx.children, (c) => levelOfNeedLabel(ctx.policy, c.levelOfNeed)),
  'ics-number': (ctx) => perChild(ctx.children, (c) => c.icsNumber),
  'nhs-number': (ctx) => perChild(ctx.children, (c) => (c.nhsNumber ? formatNhsNumber(c.nhsNumber) : null)),
  'disputed-matter': (ctx) => text(ctx.dispute.disputed.description),
  'stage-outcome-reached': (ctx) => stageReached(ctx),
  'reasons-for-escalation': (ctx, field) => reasonTicks(field, ctx),
  'outcome-summary': (ctx) => text(ctx.dispute.outcome?.summary),
  'what-worked-well': (ctx) => text(ctx.dispute.outcome?.whatWorkedWell),
  'what-were-you-worried-about': (ctx) => text(ctx.dispute.outcome?.worriedAbout),
  'what-needs-to-change': (ctx) => text(ctx.dispute.outcome?.needsToChange),
  'lessons-to-forward': (ctx) => text(ctx.dispute.outcome?.lessonsToForward),
}

/** The ids answered from the vault, for the documentation and tests. */
export const KNOWN_FIELD_IDS: readonly string[] = Object.keys(BY_ID)

export function fieldValue(field: FormField, ctx: FormFillContext): FieldValue {
  const asks = identifierOfField(field)
  if (asks !== null && ctx.identifiers !== undefined && !ctx.identifiers.includes(asks)) return { kind: 'text', text: NOT_INCLUDED }
  const byId = BY_ID[field.id]
  if (byId) return byId(ctx, field)
  // An imported policy's own ids: answer what the field's kind or option list makes unambiguous.
  if (field.kind === 'nhsNumber') return BY_ID['nhs-number'](ctx, field)
  if (field.optionsFrom === 'reasonsForEscalation') return reasonTicks(field, ctx)
  if (field.optionsFrom === 'levelsOfNeed' && field.kind === 'choice') return BY_ID['current-level-of-need'](ctx, field)
  if (field.optionsFrom === 'stages' && field.kind === 'choice') {
    return ctx.dispute.outcome ? stageReached(ctx) : ctx.stage !== null ? text(stageName(ctx.policy, ctx.stage)) : blank
  }
  if (field.kind === 'tickList') {
    return {
      kind: 'ticks',
      options: fieldOptions(field, ctx.policy).map((o) => ({ id: o.id, label: o.label, ticked: false })),
    }
  }
  return blank
}

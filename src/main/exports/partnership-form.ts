/**
 * A partnership's own form, laid out from the policy's form data (St Helens' Orange, Green, Blue, Pink and
 * Purple forms): its title band in the form's colour, then its fields in order, exactly as labelled, filled
 * from the dispute where the app knows the answer. Used by the notification documents and the outcome.
 */
import { CheckBox, type FileChild, Paragraph, Table, TableLayoutType, TableRow, WidthType } from 'docx'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import { AppError } from '../../shared/errors'
import { type ChildIdentifier } from '../../shared/identifiers'
import type { Form, FormField, Policy } from '../../shared/policy'
import { type FieldValue, type FormFillContext, fieldValue } from './form-fill'
import {
  CELL_MARGINS,
  CONTENT_WIDTH,
  type ExportOptions,
  MUTED,
  blankCell,
  cell,
  formColour,
  gap,
  para,
  renderDocument,
  TABLE_BORDERS,
  run,
  widths,
} from './house-style'

export interface FormDocumentInput {
  dispute: Dispute
  policy: Policy
  children: readonly Child[]
  formId: string
  /** The stage the form is for, if any. */
  stage?: number | null
  /** Where to send it, shown under the form. */
  sendTo?: { name: string; email?: string }
  sentOn?: string
  /** Which identifiers the form gives; absent: all it asks for. */
  identifiers?: readonly ChildIdentifier[]
}

// ── the form ──────────────────────────────────────────────────────────────────────────────────────

/** 9.5 pt: a partnership's form fits one page with two children's identifiers. */
const FORM_TEXT = 19

function valueCell(field: FormField, value: FieldValue, width: number) {
  switch (value.kind) {
    case 'blank':
      return blankCell(width, { minHeight: field.kind === 'longText' ? 1400 : 0 })
    case 'text':
      return cell(value.text, width, { size: FORM_TEXT })
    case 'ticks':
      return cell(
        value.options.map(
          (o) =>
            new Paragraph({
              spacing: { after: 0 },
              // A Word check box (a content control) that a person can tick or untick, showing ☒ or ☐.
              children: [
                new CheckBox({ checked: o.ticked, alias: o.label }),
                run(' ', { size: FORM_TEXT }),
                run(o.label, { size: FORM_TEXT }),
                ...(o.detail ? [run(`: ${o.detail}`, { italics: true, size: FORM_TEXT })] : []),
              ],
            }),
        ),
        width,
      )
  }
}

function labelContent(field: FormField): Paragraph {
  return new Paragraph({
    children: [
      run(field.label, { bold: true, size: FORM_TEXT }),
      ...(field.hint ? [run(` ${field.hint}`, { italics: true, size: 16, color: MUTED })] : []),
    ],
  })
}

/**
 * The form's body: the coloured title band, then one row per field, in the policy's order. The band is
 * the fields table's header row, so it repeats at the top of every page the form runs onto and no
 * page of a form is left without its colour and title. No row is cantSplit (see dataTable).
 */
export function formBlocks(form: Form, ctx: FormFillContext, sendTo?: { name: string; email?: string }): FileChild[] {
  const colour = formColour(form.colour)
  const w = widths([0.42, 0.58])
  const band = new TableRow({
    tableHeader: true,
    children: [
      cell(
        [
          new Paragraph({
            keepNext: true,
            children: [run(form.title, { bold: true, size: 30, color: colour.onBand })],
            spacing: { after: 40 },
          }),
          ...(form.subtitle
            ? [new Paragraph({ keepNext: true, children: [run(form.subtitle, { bold: true, size: 22, color: colour.onBand })] })]
            : []),
          ...(form.note ? [new Paragraph({ keepNext: true, children: [run(form.note, { size: 19, color: colour.onBand })] })] : []),
          ...(form.colour
            ? [new Paragraph({ keepNext: true, children: [run(`${form.colour} form`, { size: 16, color: colour.onBand })] })]
            : []),
        ],
        CONTENT_WIDTH,
        { fill: colour.band, span: 2 },
      ),
    ],
  })
  const rows = form.fields.map(
    (field) =>
      new TableRow({
        children: [cell(labelContent(field), w[0], { fill: colour.tint }), valueCell(field, fieldValue(field, ctx), w[1])],
      }),
  )
  const fields = new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    margins: CELL_MARGINS,
    rows: [band, ...rows],
  })
  return [
    para(ctx.policy.partnership, { color: MUTED, size: 18 }, { spacingAfter: 60 }),
    fields,
    gap(60),
    ...(sendTo
      ? [para(`Send to: ${sendTo.name}${sendTo.email ? ` — ${sendTo.email}` : ''}`, { bold: true }, { spacingAfter: 60 })]
      : []),
    para(
      `Prepared from dispute ${ctx.dispute.reference}. Empty boxes are answers the log does not hold: complete them by hand before sending.`,
      { color: MUTED, size: 17 },
    ),
  ]
}

export async function formDocument(input: FormDocumentInput, options: ExportOptions): Promise<Buffer> {
  const form = input.policy.forms.find((f) => f.id === input.formId)
  if (!form) {
    throw new AppError('form-unknown', `The ${input.policy.partnership} policy has no form “${input.formId}”.`)
  }
  const ctx: FormFillContext = {
    dispute: input.dispute,
    policy: input.policy,
    children: input.children,
    options,
    stage: input.stage ?? null,
    ...(input.sentOn ? { sentOn: input.sentOn } : {}),
    ...(input.identifiers ? { identifiers: input.identifiers } : {}),
  }
  return renderDocument(
    {
      title: `${form.colour ? `${form.colour} ` : ''}${form.title} ${input.dispute.reference}`,
      runningTitle: `${form.colour ? `${form.colour} ` : ''}${form.title}`,
      subject: `${form.title} — ${input.policy.partnership}`,
      description: `The ${form.title} of the ${input.policy.partnership}, completed from dispute ${input.dispute.reference}.`,
      reference: input.dispute.reference,
    },
    formBlocks(form, ctx, input.sendTo),
    options,
  )
}

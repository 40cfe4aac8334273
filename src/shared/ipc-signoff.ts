/**
 * Signed-off records out to the child's file and documents anyone can verify (issue 21): a record or a
 * stage as a Word document, a record as text for CPOMS or MyConcern on the clipboard, the vault's
 * organisation key, and checking a Word document's verification block.
 */
import { z } from 'zod'
import { FilePath, Id, channel, disputeId, text } from './ipc-common'

const RecordRef = z.object({ ...disputeId, recordId: Id }).strict()
/** A stage number, or 'emergency' for the policy's emergency route. */
export const ExportStage = z.union([z.number().int().min(1).max(50), z.literal('emergency')])

export const VerifyReportView = z.object({
  outcome: z.enum(['verified', 'other-vault', 'changed', 'not-signed', 'block-altered', 'block-of-another-document', 'not-certified']),
  headline: z.string(),
  details: z.array(z.string()),
  code: z.string().nullable(),
  signedBy: z.string().nullable(),
  exportedAt: z.string().nullable(),
  vaultId: z.string().nullable(),
  fingerprint: z.string().nullable(),
  trustedVault: z.boolean(),
  /** The file's name (never its folder). */
  fileName: z.string(),
})
export type VerifyReportView = z.infer<typeof VerifyReportView>

export const OrgKeyView = z.object({
  /** Null until the vault has one (it is made the first time its longest-standing person exports or opens Settings). */
  fingerprint: z.string().nullable(),
  holders: z.array(z.object({ personId: z.string(), name: z.string() })),
  youHoldIt: z.boolean(),
  /** Whether your signing key is certified, so documents you export verify against the fingerprint. */
  youAreCertified: z.boolean(),
  /** Who can make it, when there is none yet. */
  madeBy: z.string().nullable(),
})
export type OrgKeyView = z.infer<typeof OrgKeyView>

export const signoffChannels = {
  'signoff.exportRecord': channel(RecordRef, z.object({ savedTo: z.string().nullable() })),
  'signoff.exportStage': channel(z.object({ ...disputeId, stage: ExportStage }).strict(), z.object({ savedTo: z.string().nullable() })),
  /** The record as text for the child's file, put on the clipboard by the main process; cleared after two minutes or on lock. */
  'signoff.copyRecord': channel(RecordRef, z.object({ clearsAt: z.string(), characters: z.number() })),
  'signoff.orgKey': channel(z.object({}).strict(), OrgKeyView),
  /** Makes another person of the vault a holder of the organisation key (a holder only). */
  'signoff.addHolder': channel(z.object({ personId: z.string().min(1).max(64) }).strict(), OrgKeyView),
  /**
   * Checks a Word document's verification block. `file` null: ask with the open dialog. `fingerprint`: an
   * organisation key fingerprint to trust besides this vault's own (a partner vault's, given once).
   */
  'signoff.verify': channel(
    z.object({ file: FilePath('Choose the Word document').nullable(), fingerprint: text(80).optional() }).strict(),
    VerifyReportView.nullable(),
  ),
} as const

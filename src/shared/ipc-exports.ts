/** What leaves the vault or comes in from outside it: Word and email exports, reports, backups, the calendar, print and emails dropped on a dispute. */
import { z } from 'zod'
import { ChildIdentifier, IdentifierChoice } from './identifiers'
import { QuarterlyFiguresView, RecordView } from './views'
import { BackupSettings } from './ipc-vault'
import { Empty, FilePath, Id, Passphrase, VaultDir, channel, disputeId, text } from './ipc-common'

/** An email file's full path, as the preload found it for a dropped file (webUtils.getPathForFile). */
const EmailFile = FilePath('Choose the email file')

const BackupFile = FilePath('Choose the backup file')

export const BackupInfo = z.object({
  vaultId: z.string(),
  createdAt: z.string(),
  seq: z.number(),
  people: z.array(z.object({ personId: z.string(), name: z.string() })),
  files: z.number(),
  bytes: z.number(),
  /** Whether it is a backup of the vault that is unlocked; null when none is. */
  sameVault: z.boolean().nullable(),
})

export const BackupStatus = BackupSettings.extend({
  defaultFolder: z.string(),
  /** This vault's rolling backups in the folder, newest first. */
  recent: z.array(z.string()),
  lastError: z.string().nullable(),
})

export const exportChannels = {
  'exports.acknowledgeWarning': channel(Empty, z.object({ acknowledged: z.literal(true) })),
  'exports.document': channel(
    z
      .object({
        ...disputeId,
        document: z.enum([
          'escalation-record',
          'rapid-resolution-log',
          'meeting-pack',
          'outcome',
          'notification',
        ]),
        notificationId: z.string().max(80).optional(),
        stage: z.number().int().min(1).max(50).optional(),
        meeting: z
          .object({ when: text(200).optional(), where: text(300).optional() })
          .strict()
          .optional(),
        /** A notice's identifiers besides the child's name (the DSL's choice); absent: the policy's default. */
        identifiers: IdentifierChoice.optional(),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),
  'exports.email': channel(
    z
      .object({
        ...disputeId,
        notificationId: z.string().min(1).max(80),
        stage: z.number().int().min(1).max(50).optional(),
        identifiers: IdentifierChoice.optional(),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),
  /** Which identifiers a notice can carry, and which it carries unless the DSL chooses otherwise. */
  'exports.noticeIdentifiers': channel(
    z
      .object({
        ...disputeId,
        notificationId: z.string().min(1).max(80),
        stage: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
    z.object({
      choices: z.array(z.object({ id: ChildIdentifier, label: z.string(), byDefault: z.boolean() })),
      /** Why the policy's default is what it is: "what the Orange form asks for". */
      defaultFrom: z.string(),
    }),
  ),
  'reports.quarterly': channel(
    z
      .object({
        year: z.number().int().min(2000).max(2200),
        quarter: z.number().int().min(1).max(4),
        policyId: z.string().max(80).optional(),
      })
      .strict(),
    QuarterlyFiguresView,
  ),
  'exports.trends': channel(
    z
      .object({
        year: z.number().int().min(2000).max(2200),
        quarter: z.number().int().min(1).max(4),
        policyId: z.string().max(80).optional(),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),
  /** The partnership's quarterly return; `startYear` 2026 and `quarter` 3 are October to December 2026 (Q3 2026/27). */
  'exports.quarterlyReturn': channel(
    z
      .object({
        startYear: z.number().int().min(2000).max(2200),
        quarter: z.number().int().min(1).max(4),
        policyId: z.string().max(80).optional(),
        format: z.enum(['docx', 'csv']),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),

  'backup.create': channel(
    Empty,
    z.object({ file: z.string().nullable(), seq: z.number().optional(), bytes: z.number().optional() }),
  ),
  'backup.inspect': channel(z.object({ file: BackupFile }).strict(), BackupInfo),
  'backup.restore': channel(
    z
      .object({
        file: BackupFile,
        dir: VaultDir,
        personId: z.string().min(1).max(64),
        passphrase: Passphrase,
      })
      .strict(),
    z.object({
      dir: z.string(),
      vaultId: z.string(),
      events: z.number(),
      createdAt: z.string(),
      problems: z.array(z.object({ docId: z.string(), message: z.string() })),
    }),
  ),
  // Read and changed apart, so the read can be cached like any other and the write always changes something.
  'backup.getSettings': channel(Empty, BackupStatus),
  'backup.settings': channel(
    BackupSettings.partial()
      .strict()
      .refine((changes) => Object.values(changes).some((v) => v !== undefined), { error: 'Say which backup setting to change' }),
    BackupStatus,
  ),
  'backup.chooseFile': channel(Empty, z.object({ file: z.string().nullable() })),
  // An email dropped on a dispute (or chosen with the open dialog when `file` is null) becomes a draft record
  // (src/main/api/email-records.ts). The main process reads the file itself, within EMAIL_FILE_LIMIT_BYTES.
  // Deadlines for Outlook: an .ics of every open deadline, or one dispute's (src/main/api/calendar-export.ts).
  'calendar.export': channel(
    z.object({ disputeId: Id.optional(), withChildNames: z.boolean() }).strict(),
    z.object({ savedTo: z.string().nullable(), events: z.number(), cancelled: z.number() }),
  ),
  // Print through the system print dialog what the dispute page shows (src/main/api/print.ts); audited like an export.
  'print.dispute': channel(
    z
      .object({
        ...disputeId,
        what: z.enum(['record', 'timeline', 'escalation-record']),
        recordId: Id.optional(),
      })
      .strict(),
    z.object({ printed: z.boolean() }),
  ),
  'records.fromEmail': channel(
    z.object({ ...disputeId, file: EmailFile.nullable() }).strict(),
    z.object({ record: RecordView.nullable() }),
  ),
} as const

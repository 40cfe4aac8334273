/**
 * The kinds of event a person filters the audit trail by, in their words. Each audit event names its
 * action ('record-approved', 'escalated', 'failed-unlocks'…); the kind is worked out from that name, so
 * an action added later still falls into a kind (the last, "Vault upkeep", if nothing else fits).
 */
export const AUDIT_KINDS = [
  { id: 'records', label: 'Contact records: drafts, approvals, addenda, countersignatures' },
  { id: 'disputes', label: 'Disputes: opening, escalation, steps, notifications, meetings, closing' },
  { id: 'access', label: 'Unlocking and locking, and failed unlocks' },
  { id: 'people', label: 'People, passphrases, invitations and recovery keys' },
  { id: 'children-directory', label: 'Children and the directory' },
  { id: 'exports', label: 'Exports and reports' },
  { id: 'settings', label: 'Settings, policies, closure days and retention' },
  { id: 'upkeep', label: 'Vault upkeep: backups, upgrades, indexes' },
] as const

export type AuditKind = (typeof AUDIT_KINDS)[number]['id']
export const AUDIT_KIND_IDS = AUDIT_KINDS.map((k) => k.id) as [AuditKind, ...AuditKind[]]

const BY_PREFIX: ReadonlyArray<[AuditKind, readonly string[]]> = [
  ['records', ['record-', 'addendum-', 'countersignature-']],
  [
    'disputes',
    ['dispute-', 'escalated', 'resolved', 'withdrawn', 'step-', 'notification-', 'stage-people-', 'circumstance-', 'emergency-route-', 'exceptional-route-', 'case-meeting-', 'meeting-'],
  ],
  ['access', ['unlock', 'lock', 'failed-unlocks']],
  ['people', ['person-', 'invitation-', 'passphrase-', 'recovery-key-', 'signing-key-', 'team-']],
  ['children-directory', ['child-', 'directory-']],
  ['exports', ['export']],
  ['settings', ['settings', 'policy-', 'bank-holidays-', 'closure-', 'retention-']],
]

/** The kind an audit event's action belongs to. */
export function auditKindOf(action: string): AuditKind {
  for (const [kind, prefixes] of BY_PREFIX)
    if (prefixes.some((p) => (p.endsWith('-') ? action.startsWith(p) : action === p || action.startsWith(`${p}-`)))) return kind
  return 'upkeep'
}

/**
 * Importing and retiring policies, and the directory as the screens see it (stored entries plus imported
 * policies' contacts, optionally for one partnership). One of the case handlers' feature modules,
 * combined into the table in case-handlers.ts.
 */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import type { Policy } from '../../shared/policy'
import { directoryEntries, entriesForPartnership, sortDirectory, updateEntry } from '../domain/directory'
import {
  builtInPolicies,
  checkPolicyCanBeAdded,
  latestPolicy,
  readPolicyFile,
  retirePolicy,
  retirementOf,
  summarisePolicy,
  unretirePolicy,
} from '../domain/policies'
import { own, type CaseLog } from '../caselog'
import { requireSession, type Context } from './context'

function session(ctx: Context): { log: CaseLog; by: string } {
  const s = requireSession(ctx)
  // The vault's name for the person, never the self-edited profile's.
  return { log: s.caselog, by: s.vault.person.name }
}

/** A summary that says whether the policy is retired. */
export function summaryOf(log: CaseLog, policy: Policy): ChannelOutput<'policies.setRetired'> {
  return { ...summarisePolicy(policy), retired: retirementOf(log.retiredPolicies(), policy.id) }
}

/** base64 → bytes, exactly: the contract's pattern has already refused anything but base64 characters. */
function bytesOf(base64: string): Uint8Array {
  if (base64.length % 4 === 1)
    throw new AppError('file-unreadable', 'That file could not be read. Choose it again.', { field: 'file' })
  return new Uint8Array(Buffer.from(base64, 'base64'))
}

export async function importPolicy(ctx: Context, input: ChannelInput<'policies.import'>): Promise<ChannelOutput<'policies.import'>> {
  const { log } = session(ctx)
  // Every refusal is thrown before anything is saved: a refused file changes no byte of the vault.
  const policy = readPolicyFile(bytesOf(input.fileBase64))
  const check = checkPolicyCanBeAdded(log.policies(), policy)
  if (!check.ok) throw check.error
  if (!check.alreadyInstalled) {
    await log.importPolicy(policy, { action: 'policy-imported', subject: policy.partnership, summary: `Imported version ${policy.version} of ${policy.title}` })
  }
  return { policy: summaryOf(log, policy), alreadyInstalled: check.alreadyInstalled }
}

export async function setPolicyRetired(ctx: Context, input: ChannelInput<'policies.setRetired'>): Promise<ChannelOutput<'policies.setRetired'>> {
  const { log, by } = session(ctx)
  const policies = log.policies()
  const reason = input.reason?.trim() ?? ''
  const retired = input.retired
    ? retirePolicy(log.retiredPolicies(), policies, { policyId: input.policyId, reason, by, at: ctx.now().toISOString() })
    : unretirePolicy(log.retiredPolicies(), policies, input.policyId)
  const policy = latestPolicy(policies, input.policyId)!
  await log.setRetiredPolicies(
    retired,
    input.retired
      ? { action: 'policy-retired', subject: policy.partnership, summary: `Retired ${policy.title}${reason ? `: ${reason}` : ''}` }
      : { action: 'policy-unretired', subject: policy.partnership, summary: `Brought ${policy.title} back into use` },
  )
  return summaryOf(log, policy)
}

/** The policies whose contacts join the directory: those imported (the built-ins' lists ship with the app). */
function importedPolicies(log: CaseLog): Policy[] {
  const builtIn = new Set(builtInPolicies().map((p) => `${p.id}@${p.version}`))
  return log.importedPolicies().filter((p) => !builtIn.has(`${p.id}@${p.version}`))
}

export async function allEntries(log: CaseLog) {
  return directoryEntries(await log.directory(), importedPolicies(log))
}

export async function listDirectory(ctx: Context, input: ChannelInput<'directory.list'>): Promise<ChannelOutput<'directory.list'>> {
  const { log } = session(ctx)
  const entries = await allEntries(log)
  return sortDirectory(input.partnershipId === undefined ? entries : entriesForPartnership(entries, input.partnershipId))
}

export async function updateDirectoryEntry(ctx: Context, input: ChannelInput<'directory.update'>): Promise<ChannelOutput<'directory.update'>> {
  const { log } = session(ctx)
  // An imported policy's contact is not stored until it is first changed; from then on the stored copy wins.
  const existing = own(await log.directory(), input.id) ?? (await allEntries(log)).find((e) => e.id === input.id)
  if (!existing) throw new AppError('directory-not-found', 'That directory entry does not exist.')
  const entry = updateEntry(existing, input.changes)
  await log.saveDirectoryEntry(entry, { action: 'directory-updated', subject: entry.agency || entry.name, summary: 'Directory entry changed' })
  return entry
}

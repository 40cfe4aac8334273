import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Api, ApiDeps } from '../../../src/main/api'
import { KDF_FLOOR } from '../../../src/main/store'
import type { Channel, ChannelOutput, PersonSlot } from '../../../src/shared/ipc'
import { createCheckedApi } from '../../support/checked-api'

export const PASS = 'copper lantern orchard quietly'
export const PROFILE = { name: 'Harriet Okonkwo', role: 'Designated Safeguarding Lead', agency: 'Oak Hill Primary School' }

/**
 * A real handler table over a real vault in a temporary folder, with a clock the test moves. Every answer is
 * parsed with its channel's output schema (test/support/checked-api.ts).
 */
export async function openTestApi(start = '2026-12-01T09:00:00Z', deps: Partial<ApiDeps> = {}, profile: typeof PROFILE = PROFILE) {
  const root = mkdtempSync(join(tmpdir(), 'escalation-log-api-'))
  const vaultDir = join(root, 'vault')
  const clock = { now: new Date(start) }
  const exportsDir = join(root, 'exports')
  mkdirSync(exportsDir)
  const api: Api = createCheckedApi({
    appVersion: 'test',
    defaultVaultDir: vaultDir,
    kdf: KDF_FLOOR,
    now: () => clock.now,
    chooseSaveFile: async (name) => join(exportsDir, name),
    ...deps,
  })
  const call = async <C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> => {
    const r = await (api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>)(input)
    if (!r.ok) throw Object.assign(new Error(`${r.error!.code}: ${r.error!.message}`), { code: r.error!.code })
    return r.value as ChannelOutput<C>
  }
  const refusal = async (channel: Channel, input: unknown) => {
    const r = await (api.handlers[channel] as (i: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string; field?: string; details?: unknown[] } }>)(input)
    if (r.ok) throw new Error(`${channel} was expected to be refused`)
    return r.error!
  }
  await call('vault.create', { dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile })
  return {
    api,
    call,
    refusal,
    clock,
    root,
    vaultDir,
    exportsDir,
    at: (iso: string) => (clock.now = new Date(iso)),
    snapshot: () => snapshot(vaultDir),
    cleanup: async () => {
      await api.dispose()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[p] = readFileSync(p).toString('base64')
    }
  }
  walk(dir)
  return out
}

type Caller = <C extends Channel>(channel: C, input: unknown) => Promise<ChannelOutput<C>>

/**
 * Adds a person as the app does: the signed-in person invites them, the vault is locked, the person
 * accepts with the one-time code and their own passphrase, and the one who invited signs back in (with
 * `signBackIn`, PASS unless said). Returns the new person as the vault names them.
 */
export async function invitePerson(
  t: { call: Caller; vaultDir: string },
  name: string,
  passphrase: string,
  opts: { role?: string; signBackIn?: string } = {},
): Promise<PersonSlot> {
  const me = (await t.call('vault.session', {}))!.person
  const { invitation, code } = await t.call('people.invite', { name, ...(opts.role ? { role: opts.role } : {}), validForHours: 24 })
  await t.call('vault.lock', {})
  const joined = await t.call('vault.acceptInvitation', { dir: t.vaultDir, inviteId: invitation.inviteId, code, passphrase, passphraseConfirm: passphrase })
  await t.call('vault.lock', {})
  await t.call('vault.unlock', { dir: t.vaultDir, personId: me.personId, passphrase: opts.signBackIn ?? PASS })
  return joined.person
}

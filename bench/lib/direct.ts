/**
 * The handlers without the handler table around them: the 'vault.unlock' handler's own steps (openVault,
 * the settings, CaseLog.open) and the case handlers called directly with the input parsed by the same
 * contract. What this leaves out is only the table's wrapper — one call at a time, the auto-lock timer,
 * and the rolling backup it writes after an unlock and every 50 audit events — so comparing the two shows
 * what that wrapper costs.
 */
import type { z } from 'zod'
import { caseHandlers } from '../../src/main/api/case-handlers'
import { CaseLog } from '../../src/main/caselog'
import { newSession, type Context, type Session } from '../../src/main/api/context'
import { KDF_FLOOR, openVault } from '../../src/main/store'
import { contract } from '../../src/shared/ipc'
import type { ApiDeps } from '../../src/main/api'
import type { BuildInfo } from './build'
import type { Call } from './saves'

/**
 * The handler table's dependencies as src/main/index.ts gives them, except the key-derivation cost (the
 * floor, not calibrated to ~1 s) and the dialogs. In particular rolling backups are 'idle': written once no
 * call has come for a while, never while a call waits.
 */
export const APP_LIKE: Pick<ApiDeps, 'appVersion' | 'kdf' | 'rollingBackups'> = {
  appVersion: 'bench',
  kdf: KDF_FLOOR,
  rollingBackups: 'idle',
}

export async function openDirect(
  info: BuildInfo,
  now: () => Date,
): Promise<{ session: Session; ctx: Context; call: Call; close: () => Promise<void> }> {
  const vault = await openVault(info.vaultDir, { personId: info.personId, passphrase: info.passphrase, now })
  const session = newSession(vault, await CaseLog.open(vault))
  const ctx = {
    deps: { appVersion: 'bench', defaultVaultDir: info.vaultDir, kdf: KDF_FLOOR },
    now,
    session,
  } as unknown as Context
  const handlers = caseHandlers as unknown as Record<
    string,
    (ctx: Context, input: unknown) => Promise<unknown>
  >
  const schemas = contract as unknown as Record<string, { input: z.ZodType }>
  const call: Call = async <T>(channel: string, input: unknown) =>
    (await handlers[channel](ctx, schemas[channel].input.parse(input))) as T
  const close = async () => {
    session.search.dispose()
    session.caselog.dispose()
    await vault.lock()
  }
  return { session, ctx, call, close }
}

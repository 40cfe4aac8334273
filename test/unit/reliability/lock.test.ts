/**
 * Locking and what is left behind. Idle auto-lock and lock on suspend drop the data key (its buffers are
 * zeroed) and every decrypted document (caches emptied; the case log and the vault become unreachable and
 * are garbage-collected); nothing of a case is written outside the vault — no console output, no temporary
 * files, no plaintext in any file on disk — and the vault folder holds only the files the format names.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Api } from '../../../src/main/api'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { CaseLog } from '../../../src/main/caselog'
import { SearchService } from '../../../src/main/api/search-service'
import type { AutoLock } from '../../../src/main/api/autolock'
import { KDF_FLOOR, type Vault } from '../../../src/main/store'
import * as store from '../../../src/main/store'
import type { AppEvent } from '../../../src/shared/channels'
import type { Channel, ChannelOutput } from '../../../src/shared/ipc'
import { contact, PASS, PROFILE } from './helpers'

// Every Vault the handler table opens, held weakly so the test itself keeps nothing alive.
const opened: WeakRef<Vault>[] = []
vi.mock('../../../src/main/store', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/main/store')>()
  const track = (v: Vault) => (opened.push(new WeakRef(v)), v)
  return {
    ...real,
    openVault: async (...a: Parameters<typeof real.openVault>) => track(await real.openVault(...a)),
    createVault: async (...a: Parameters<typeof real.createVault>) => track(await real.createVault(...a)),
  }
})
void store

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let root: string
let vaultDir: string
let events: AppEvent[]
let fireIdle: (() => void) | null
let api: Api

async function call<C extends Channel>(channel: C, input: unknown): Promise<ChannelOutput<C>> {
  const r = await (
    api.handlers[channel] as (
      i: unknown,
    ) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  )(input)
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code}: ${r.error?.message}`)
  return r.value as ChannelOutput<C>
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'escalation-log-lock-'))
  vaultDir = join(root, 'vault')
  events = []
  fireIdle = null
  opened.length = 0
  api = createApi({
    appVersion: 'test',
    defaultVaultDir: vaultDir,
    appStateFile: join(root, 'state', 'app-state.json'),
    kdf: KDF_FLOOR,
    now: () => new Date('2026-12-01T09:00:00Z'),
    emit: (e) => events.push(e),
    autoLockFactory: (onIdle) => {
      fireIdle = onIdle
      return { touch() {}, stop() {}, setMinutes() {}, onWarning() {}, secondsLeft: () => 600 } as unknown as AutoLock
    },
  })
})
afterEach(async () => {
  await api.dispose()
  rmSync(root, { recursive: true, force: true })
})

const MARKER = 'Zebedee Quartermaine-Xylophone'

/** A short working session with case content that must never leave the vault in plaintext. */
async function journey(): Promise<string> {
  await call('vault.create', { dir: vaultDir, passphrase: PASS, passphraseConfirm: PASS, profile: PROFILE })
  const child = await call('children.create', { child: { name: MARKER, dateOfBirth: '2016-05-04' } })
  const view = await call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: {
        agency: 'Solihull Children’s Services',
        practitioner: `${MARKER} practitioner`,
        role: 'Social worker',
      },
      disputed: {
        kind: 'decision',
        description: `${MARKER}: referral assessed as not meeting the threshold.`,
      },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  const draft = await call('records.createDraft', {
    disputeId: view.dispute.id,
    draft: contact(1, { weSaid: `${MARKER} said a lot` }),
  })
  await call('records.approve', { disputeId: view.dispute.id, recordId: draft.id })
  expect((await call('search.query', { query: 'Xylophone' })).length).toBeGreaterThan(0) // builds the search index
  await call('backup.settings', { everyEvents: 1 }) // rolling backups as often as they come
  await call('records.addAddendum', {
    disputeId: view.dispute.id,
    recordId: draft.id,
    addendum: { reason: 'r', text: `${MARKER} again` },
  })
  return view.dispute.id
}

/** The session's vault and case log, found without keeping them alive. */
function liveVault(): Vault {
  const v = opened.map((w) => w.deref()).find((x) => x && !x.locked)
  if (!v) throw new Error('no unlocked vault')
  return v
}

describe('locking drops the key and the decrypted state', () => {
  for (const how of ['idle', 'suspend'] as const)
    it(`on ${how}: key buffers zeroed, caches emptied, session gone, and the vault and case log are collected`, async () => {
      const spy = vi.spyOn(CaseLog, 'open')
      // The search index is the session's, subscribed to the case log: catch it when it is first searched.
      let search: WeakRef<SearchService> | null = null
      const realSearch = SearchService.prototype.search
      const searchSpy = vi.spyOn(SearchService.prototype, 'search').mockImplementation(function (this: SearchService, ...args) {
        search ??= new WeakRef(this)
        return realSearch.apply(this, args)
      })
      const disputeId = await journey()
      const caselog = new WeakRef(await (spy.mock.results[0]!.value as Promise<CaseLog>))
      spy.mockRestore() // the spy's record of results would keep the case log alive
      searchSpy.mockRestore()
      // Only the key buffers are held from here on, never the vault or the case log themselves.
      const { vaultRef, keys, searchIndex } = (() => {
        const vault = liveVault()
        return { vaultRef: new WeakRef(vault), keys: vault.heldInMemory().keys, searchIndex: search! }
      })()
      // The epoch key, the subkeys used so far (documents, journal, head, header, keyring …) and the person's two private keys.
      expect(keys.length).toBeGreaterThanOrEqual(6)
      expect(keys.every((k) => k.some((byte) => byte !== 0))).toBe(true)
      expect(vaultRef.deref()!.heldInMemory().documents).toBeGreaterThan(0)
      expect(caselog.deref()!.heldInMemory()).toBeGreaterThan(0)
      expect(searchIndex.deref()!.heldInMemory()).toBeGreaterThan(0)

      if (how === 'idle') {
        fireIdle!()
        // Locked at once, not after anything queued; then wait for that same lock to finish wiping.
        expect(vaultRef.deref()?.locked).toBe(true)
        await vaultRef.deref()?.lock()
      } else await api.lock('suspend')
      expect(await call('vault.session', {})).toBeNull()
      expect(events).toContainEqual({ type: 'locked', reason: how })
      expect(vaultRef.deref()?.locked).toBe(true)
      expect(keys.every((k) => k.every((byte) => byte === 0))).toBe(true)
      const after = vaultRef.deref()?.heldInMemory() ?? { keys: [], documents: 0, documentBytes: 0 }
      expect(after.documents).toBe(0)
      expect(after.keys.every((k) => k.every((byte) => byte === 0))).toBe(true)
      expect(caselog.deref()?.heldInMemory() ?? 0).toBe(0)
      expect(searchIndex.deref()?.heldInMemory() ?? 0).toBe(0)
      expect((await api.handlers['disputes.get']({ disputeId })).ok).toBe(false)

      // Nothing still refers to them: they are collected, with every decrypted value they held.
      for (let i = 0; i < 20 && (vaultRef.deref() || caselog.deref()); i++) {
        await new Promise((r) => setTimeout(r, 10))
        gc()
      }
      expect(caselog.deref() === undefined, 'the case log is still reachable after lock').toBe(true)
      expect(vaultRef.deref() === undefined, 'the vault is still reachable after lock').toBe(true)
    })
})

describe('nothing of a case is written outside the vault', () => {
  /** Every file under `dir`, as relative paths. */
  function files(dir: string): string[] {
    const out: string[] = []
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n)
        if (statSync(p).isDirectory()) walk(p)
        else out.push(relative(dir, p))
      }
    }
    walk(dir)
    return out.sort()
  }

  it('a journey leaves no temp file, no console output and no plaintext anywhere; the vault holds only its own files', async () => {
    const ownTmp = join(root, 'tmp')
    mkdirSync(ownTmp)
    const savedTmp = process.env['TMPDIR']
    process.env['TMPDIR'] = ownTmp
    const printed: string[] = []
    const capture = (...a: unknown[]) => void printed.push(a.map(String).join(' '))
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(capture),
    )
    const out = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((s: string | Uint8Array) => (printed.push(String(s)), true))
    const err = vi
      .spyOn(process.stderr, 'write')
      .mockImplementation((s: string | Uint8Array) => (printed.push(String(s)), true))
    try {
      await journey()
      await api.lock('manual')
    } finally {
      for (const s of [...spies, out, err]) s.mockRestore()
      if (savedTmp === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = savedTmp
    }
    expect(printed.filter((p) => p.includes('Zebedee') || p.includes('Xylophone'))).toEqual([])
    expect(readdirSync(ownTmp)).toEqual([])

    // The vault folder: exactly the files docs/vault-format.md names, one generation per live document.
    const inVault = files(vaultDir)
    for (const f of inVault)
      expect(f, f).toMatch(
        /^(vault\.json|journal\.log|head\.enc|checkpoint\.enc|documents\/[a-z0-9][a-z0-9._-]*\.[1-9]\d*\.enc)$/,
      )
    expect(inVault.filter((f) => f.includes('.tmp-'))).toEqual([])
    // Outside it: the rolling backups (whole-vault ciphertext) and the app's small state file, nothing else.
    const everything = files(root)
    const outside = everything.filter((f) => !f.startsWith('vault/'))
    for (const f of outside)
      expect(f, f).toMatch(
        /^(vault-backups\/escalation-log-[0-9a-f]{12}-\d{8}T\d{6}Z-\d{10}(-inc)?\.elbackup|state\/app-state\.json)$/,
      )
    expect(JSON.parse(readFileSync(join(root, 'state', 'app-state.json'), 'utf8'))).toEqual({
      lastVaultDir: vaultDir,
    })
    // No file anywhere holds the case's words in plaintext (UTF-8 or UTF-16).
    for (const f of everything) {
      const bytes = readFileSync(join(root, f))
      expect(bytes.includes(Buffer.from('Xylophone', 'utf8')), f).toBe(false)
      expect(bytes.includes(Buffer.from('Xylophone', 'utf16le')), f).toBe(false)
    }
  })

  it('the main process has no console output and writes files only in the places reviewed here', () => {
    const src = resolve(__dirname, '../../../src/main')
    const all: string[] = []
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n)
        if (statSync(p).isDirectory()) walk(p)
        else if (p.endsWith('.ts')) all.push(p)
      }
    }
    walk(src)
    const rel = (p: string) => relative(src, p).split('\\').join('/')
    const withConsole = all.filter((f) =>
      /\bconsole\.(log|info|warn|error|debug|trace|dir)\b|process\.(stdout|stderr)/.test(
        readFileSync(f, 'utf8'),
      ),
    )
    expect(withConsole.map(rel)).toEqual([])
    // Modules that can write files. The store writes only inside the vault folder (and backups); the
    // app-state file holds the last vault folder's path; exports are files the person chose to save; the
    // seen-vaults file holds, per vault id, the last audit entry's number and hash.
    const writers = all
      .filter((f) =>
        /\b(writeFile|appendFile|createWriteStream|writeFileSync|appendFileSync|copyFile|writeNewFileSynced|writeFileDurable)\b/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map(rel)
      .sort()
    expect(writers).toEqual(
      expect.arrayContaining([
        'api/vault-handlers.ts',
        'store/backup/restore.ts',
        'store/io.ts',
        'store/vault.ts',
        'store/open.ts',
      ]),
    )
    const reviewed = new Set([
      'api/vault-handlers.ts',
      // A count and two times in the vault folder; vault id → person id in the user-data folder.
      'api/unlock-memory.ts',
      'api/export-handlers.ts',
      // This computer's record of each vault's last audit entry: vault ids, entry numbers and hashes only.
      'api/seen-positions.ts',
      // The desktop reminders' list of days a deadline falls on, in the user-data folder: dates only.
      'reminders.ts',
      // Restore writes the vault's own files into the folder chosen for it (backups are written by
      // store/backup/format.ts through io.ts's writeAllAt: ciphertext and vault.json only).
      'store/backup/restore.ts',
      'store/io.ts',
      'store/vault.ts',
      // head.enc and checkpoint.enc, inside the vault folder (split out of vault.ts).
      'store/vault-state.ts',
      // A stored file saved out where the person chose, as an export is (through an open file handle).
      'api/attachments.ts',
      'store/open.ts',
      // Upgrading a format-1 vault rewrites its vault.json, inside the vault folder.
      'store/format1.ts',
      // The team vault's shared folder: only files sealed (encrypted and signed) by team/sealed.ts.
      'team/transport.ts',
      // A team invitation saved where the owner chose: its payload sealed under the one-time code, its outer
      // part without a name (docs/team-vault.md, "The invitation file").
      'api/team.ts',
    ])
    expect(
      writers.filter((w) => !reviewed.has(w)),
      'a new module writes files: check it writes nothing of a case outside the vault',
    ).toEqual([])
  })
})

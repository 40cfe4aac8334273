/**
 * The DSL's device for the team bench (team-bench.ts), in a process of its own — as on her own machine — so that
 * the whole history it holds neither weighs on the joining device's memory nor on its garbage collector. Started
 * by `startOwner`, it answers one message at a time:
 *
 *   start   the device as it starts on her machine (position and keyring as her local vault keeps them) and
 *           its first sync since, which reads the whole history, as after any unlock
 *   sync    one sync (the one that answers a joining device's ask for keys), timed in this process's CPU
 *   record  one new contact record saved and sent by a sync
 */
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { drafted } from '../../test/support/team-actions'
import { DisputeKeyring } from '../../src/main/team/dispute-keys'
import { TeamDevice, type DeviceDirectoryEntry } from '../../src/main/team/device'
import { Signer } from '../../src/main/store/keys'
import { WebDavTransport } from '../../src/main/team/webdav'
import type { StoredKeyring, WriterPosition } from './team-history'

export interface OwnerSetup {
  url: string
  team: { teamId: string; epoch: number; epochKey: string }
  me: { deviceId: string; personId: string; signingPrivate: string; signingPublic: string }
  directory: (Omit<DeviceDirectoryEntry, 'signingPublicKey'> & { deviceId: string; signingPublicKey: string })[]
  position: WriterPosition
  keyring: StoredKeyring
}

export type OwnerRequest = { kind: 'start'; setup: OwnerSetup } | { kind: 'sync' } | { kind: 'record'; text: string; now: string }
export type OwnerAnswer =
  | { kind: 'started'; ms: number; records: number; problems: number }
  | { kind: 'synced'; ms: number; cpuMs: number; requests: number; wrote: number }
  | { kind: 'recorded'; path: string; fileBytes: number }
  | { kind: 'failed'; message: string }

export interface Owner {
  ask<K extends OwnerAnswer['kind']>(request: OwnerRequest): Promise<Extract<OwnerAnswer, { kind: K }>>
  stop(): void
}

/** Starts the DSL's device's process (node with tsx, as the bench's own children). */
export function startOwner(): Owner {
  const child: ChildProcess = fork(join(__dirname, 'team-owner.ts'), ['--owner'], {
    execArgv: ['--max-old-space-size=4096', '--import', 'tsx'],
    cwd: join(__dirname, '..', '..'),
    stdio: 'inherit',
  })
  return {
    ask: <K extends OwnerAnswer['kind']>(request: OwnerRequest) =>
      new Promise<Extract<OwnerAnswer, { kind: K }>>((resolve, reject) => {
        const gone = (code: number | null) => reject(new Error(`the DSL's device's process stopped (${code})`))
        child.once('exit', gone)
        child.once('message', (m: OwnerAnswer) => {
          child.off('exit', gone)
          if (m.kind === 'failed') reject(new Error(m.message))
          else resolve(m as Extract<OwnerAnswer, { kind: K }>)
        })
        child.send(request)
      }),
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM')
    },
  }
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}

function serveRequests(): void {
  let device: TeamDevice | null = null
  let transport: WebDavTransport | null = null
  let personId = ''
  const answer = (a: OwnerAnswer) => process.send?.(a)
  const handle = async (r: OwnerRequest): Promise<OwnerAnswer> => {
    if (r.kind === 'start') {
      const s = r.setup
      const entries = new Map(s.directory.map((d) => [d.deviceId, { ...d, signingPublicKey: Buffer.from(d.signingPublicKey, 'hex') }]))
      transport = await WebDavTransport.connect({ url: s.url })
      personId = s.me.personId
      device = new TeamDevice({
        transport,
        keys: [{ teamId: s.team.teamId, epoch: s.team.epoch, epochKey: Buffer.from(s.team.epochKey, 'hex') }],
        deviceId: s.me.deviceId,
        personId: s.me.personId,
        signer: new Signer(Buffer.from(s.me.signingPrivate, 'hex'), Buffer.from(s.me.signingPublic, 'hex')),
        directory: (id) => entries.get(id) ?? null,
        keyring: new DisputeKeyring(s.keyring),
        resume: { seq: s.position.seq, prev: s.position.prev, docSeq: 0, outbox: [], packedUpTo: s.position.packedUpTo },
      })
      const t = performance.now()
      await device.sync()
      const records = device.state().disputes.reduce((n, d) => n + d.records.length, 0)
      return { kind: 'started', ms: performance.now() - t, records, problems: device.problems().length }
    }
    if (!device || !transport) throw new Error('the DSL’s device has not started')
    if (r.kind === 'sync') {
      const before = { ...transport.counts }
      const seq = device.saved().seq
      const t = performance.now()
      const c = process.cpuUsage()
      await device.sync()
      const requests = transport.counts.list - before.list + transport.counts.read - before.read
      return { kind: 'synced', ms: performance.now() - t, cpuMs: cpuMs(c), requests, wrote: device.saved().seq - seq }
    }
    const path = device.append([drafted('d0', 'r.new', 'r.new.v1', [], personId, r.text)], new Date(r.now))
    const fileBytes = device.saved().outbox.find((f) => f.path === path)?.bytes?.length ?? 0
    await device.sync()
    return { kind: 'recorded', path, fileBytes }
  }
  process.on('message', (r: OwnerRequest) => {
    handle(r).then(answer, (e: unknown) => answer({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }))
  })
}

if (process.argv.includes('--owner') && process.send) serveRequests()

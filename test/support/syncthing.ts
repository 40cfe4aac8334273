/**
 * Two real Syncthing instances (Debian's `syncthing`) on loopback for the tests, keeping one folder in step
 * between two devices' copies: homes in a temporary folder, the GUI/REST and sync ports on 127.0.0.1 at free
 * ports, no global or local discovery, no relays, no NAT, the two devices introduced to each other by id at
 * their 127.0.0.1 addresses. Whoever starts them stops them (`stopSyncthing`, also on failure).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

const SYNCTHING = '/usr/bin/syncthing'
export const haveSyncthing = (): boolean => existsSync(SYNCTHING)

export interface SyncthingInstance {
  id: string
  /** The folder this instance keeps in step with the other's. */
  folder: string
  gui: string
  apiKey: string
  child: ChildProcess | null
  log: string
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

const FOLDER_ID = 'team-vault'

/**
 * `dials`: whether this instance connects to the other (the first does; the second only accepts). When both
 * dialled at once on a loaded machine, each side's TLS handshake could reset the other's and time out at 20 s
 * ("Failed to exchange Hello messages"), and Syncthing then waited its default 60 s before trying again — longer
 * than the test waits. So one side dials, and it tries again every second (`reconnectionIntervalS`).
 */
function config(me: { port: number; gui: number; apiKey: string; folder: string; dials: boolean }, devices: { id: string; port: number }[]): string {
  const deviceRefs = devices.map((d) => `<device id="${d.id}"></device>`).join('')
  const deviceEntries = devices
    .map((d) => {
      const self = d.port === me.port
      const address = self || me.dials ? `tcp://127.0.0.1:${d.port}` : 'dynamic'
      return `<device id="${d.id}" name="${d.id.slice(0, 7)}" compression="metadata" introducer="false"><address>${address}</address></device>`
    })
    .join('\n  ')
  return `<configuration version="36">
  <folder id="${FOLDER_ID}" label="team" path="${me.folder}" type="sendreceive" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
    <filesystemType>basic</filesystemType>${deviceRefs}<minDiskFree unit="%">0</minDiskFree>
  </folder>
  ${deviceEntries}
  <gui enabled="true" tls="false"><address>127.0.0.1:${me.gui}</address><apikey>${me.apiKey}</apikey></gui>
  <options>
    <listenAddress>tcp://127.0.0.1:${me.port}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <reconnectionIntervalS>1</reconnectionIntervalS>
    <startBrowser>false</startBrowser>
    <urAccepted>-1</urAccepted>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
    <minHomeDiskFree unit="%">0</minHomeDiskFree>
  </options>
</configuration>
`
}

/** Makes two instances' homes and folders under `root`, introduces them to each other, and starts both. */
export async function startPair(root: string): Promise<[SyncthingInstance, SyncthingInstance]> {
  const made = ['a', 'b'].map((name) => {
    const home = join(root, `home-${name}`)
    const folder = join(root, `folder-${name}`)
    mkdirSync(folder, { recursive: true })
    const run = spawnSync(SYNCTHING, ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], { encoding: 'utf8', timeout: 30_000 })
    const said = `${run.stdout}${run.stderr}`
    const id = /Device ID: ([A-Z0-9-]{63})/.exec(said)?.[1]
    if (!id) throw new Error(`syncthing generate said no device id: ${said}`)
    return { name, home, folder, id }
  })
  const ports = await Promise.all(made.map(async () => ({ port: await freePort(), gui: await freePort() })))
  const devices = made.map((m, i) => ({ id: m.id, port: ports[i]!.port }))
  const instances = made.map((m, i): SyncthingInstance & { home: string } => {
    const apiKey = randomBytes(16).toString('hex')
    writeFileSync(join(m.home, 'config.xml'), config({ ...ports[i]!, apiKey, folder: m.folder, dials: i === 0 }, devices))
    return { id: m.id, folder: m.folder, gui: `http://127.0.0.1:${ports[i]!.gui}`, apiKey, child: null, log: '', home: m.home }
  })
  for (const s of instances) {
    const child = spawn(SYNCTHING, ['serve', `--home=${s.home}`, '--no-browser', '--no-restart', '--no-upgrade'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1' },
    })
    s.child = child
    const keep = (chunk: Buffer) => (s.log = (s.log + chunk.toString()).slice(-20_000))
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
  }
  return [instances[0]!, instances[1]!]
}

async function rest(s: SyncthingInstance, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const res = await fetch(`${s.gui}${path}`, { method, headers: { 'X-API-Key': s.apiKey } })
  if (!res.ok) throw new Error(`syncthing ${path}: ${res.status}`)
  const text = await res.text()
  return text ? JSON.parse(text) : null
}

/** Waits until the instance's REST interface answers and it is connected to the other device. */
export async function waitConnected(s: SyncthingInstance, other: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      const c = (await rest(s, 'GET', '/rest/system/connections')) as { connections: Record<string, { connected: boolean }> }
      if (c.connections[other]?.connected) return
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`syncthing ${s.id.slice(0, 7)} did not connect to ${other.slice(0, 7)}:\n${s.log.slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Asks the instance to look at its folder now rather than at its next scan. */
export const rescan = (s: SyncthingInstance): Promise<unknown> => rest(s, 'POST', `/rest/db/scan?folder=${FOLDER_ID}`)

export async function stopSyncthing(instances: readonly (SyncthingInstance | undefined)[]): Promise<void> {
  await Promise.all(
    instances.map(
      (s) =>
        new Promise<void>((resolve) => {
          const child = s?.child
          if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
          const hard = setTimeout(() => child.kill('SIGKILL'), 5_000)
          child.once('exit', () => {
            clearTimeout(hard)
            resolve()
          })
          child.kill('SIGTERM')
        }),
    ),
  )
}

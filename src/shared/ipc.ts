/**
 * The one contract between the renderer and the main process: for each channel, a zod schema of its
 * input and of its output. The main process parses every input with these schemas before any domain
 * code sees it; the renderer gets its types from here. Adding a channel: add it to the feature file it belongs to (./ipc-vault, ./ipc-case, ./ipc-exports, or a new ./ipc-<feature> spread in below), add its handler
 * in src/main/api, and add its name to CHANNEL_NAMES in ./channels (a unit test keeps the two in step).
 */
import { auditChannels } from './ipc-audit'
import { caseChannels } from './ipc-case'
import { exportChannels } from './ipc-exports'
import { vaultChannels } from './ipc-vault'
import { signoffChannels } from './ipc-signoff'
import { teamChannels } from './ipc-team'
import { attachmentChannels } from './ipc-attachments'
import type { z } from 'zod'

export * from './ipc-common'
export * from './ipc-vault'
export * from './ipc-case'
export * from './ipc-exports'
export * from './ipc-signoff'
export * from './ipc-team'
export * from './ipc-audit'
export * from './ipc-attachments'

export const contract = { ...vaultChannels, ...caseChannels, ...exportChannels, ...signoffChannels, ...auditChannels, ...attachmentChannels, ...teamChannels } as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
/** A channel's input after parsing, as the main process receives it (typed dates and times become instants). */
export type ChannelParsed<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>

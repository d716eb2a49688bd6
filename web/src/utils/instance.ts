// What an instance offers and how its end is told, from its status alone (pure,
// unit-tested): the pages show only actions that can work.

import type { Instance, InstanceStatus } from '../api/types'
import { formatBytes } from './format'

export type InstanceAction = 'start' | 'stop' | 'restart' | 'retry' | 'delete'

/**
 * The actions for a status. A failed instance holds no container: "retry"
 * places it again (the server's start on a failed instance), and nothing else
 * but delete works; a missing one can only be deleted; nothing is offered while
 * the server is creating or deleting it.
 */
export function instanceActions(status: InstanceStatus): InstanceAction[] {
  switch (status) {
    case 'running':
      return ['stop', 'restart', 'delete']
    case 'exited':
      return ['start', 'delete']
    case 'failed':
      return ['retry', 'delete']
    case 'missing':
      return ['delete']
    default:
      return []
  }
}

/** A batch action the instance list offers on its selection. */
export type BatchAction = 'start' | 'stop' | 'delete'

/**
 * The selected instances a batch action applies to: those whose own row offers
 * it (a stopped one is not stopped again, one being created is not deleted).
 */
export function batchTargets<T extends Pick<Instance, 'id' | 'status'>>(action: BatchAction, rows: T[]): T[] {
  return rows.filter((r) => instanceActions(r.status).includes(action))
}

/**
 * The i18n key (under `instances.exit.`) and its values explaining why an
 * exited instance is not running; null when there is nothing to explain.
 */
export function exitExplanation(inst: Pick<Instance, 'status' | 'exit_code' | 'exit_reason'>): { key: string; code: number | string } | null {
  if (inst.status !== 'exited' || inst.exit_reason === 'none') return null
  return { key: `instances.exit.${inst.exit_reason}`, code: inst.exit_code ?? '?' }
}

const SHELLS = ['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'fish']

/**
 * A bare interactive shell (`bash`, `/bin/sh -l`) ends at once without a TTY.
 * The same rule as the server's `is_bare_shell`, used to warn while typing.
 */
export function isBareShell(argv: string[]): boolean {
  if (argv.length === 0) return false
  const name = argv[0].split('/').pop() ?? ''
  return SHELLS.includes(name) && argv.slice(1).every((a) => ['-l', '-i', '--login', '-il', '-li'].includes(a))
}

/**
 * The i18n key (under `instances.failure.`) summarising an instance's
 * `status_error` for the page; the text itself goes behind 详情. Keyed on the
 * sentences the server writes (admins get the engine's words after them, users
 * the server's own summary — see `failure_for_users`).
 */
export function failureKey(text: string): string {
  const s = text.replace(/^internal error: /, '')
  if (/^pulling /.test(s) || s.startsWith('pulling the image')) return 'instances.failure.pull'
  if (s.includes(' is unreachable') || s.startsWith('the node cannot be reached')) return 'instances.failure.unreachable'
  if (s.startsWith('delete on node ') || s.startsWith('the node could not remove')) return 'instances.failure.delete'
  if (s.startsWith('on node ') || s.startsWith('the node refused')) return 'instances.failure.node'
  if (s.includes('interrupted')) return 'instances.failure.interrupted'
  if (s.includes('removed outside')) return 'instances.failure.missing'
  return 'instances.failure.other'
}

/**
 * A creating instance's progress as an i18n key and values, from the pull's
 * figures (`pull`); null when no pull is under way (then `progress`, the
 * server's words, is shown as it is).
 */
export function pullProgress(inst: Pick<Instance, 'pull'>): { key: string; values: Record<string, string | number> } | null {
  const p = inst.pull
  if (!p) return null
  return {
    key: 'instances.pulling',
    values: { image: p.image, done: p.layers_done, all: p.layers, got: formatBytes(p.bytes_done), size: formatBytes(p.bytes_total) },
  }
}

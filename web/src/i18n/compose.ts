// Composes one language's messages from its feature files (zh-CN/<feature>.ts,
// en/<feature>.ts): each file holds the keys of one feature, nested as vue-i18n
// reads them (`menu.instances`, `instances.create`, …). Files may share a
// namespace such as `menu`, but a key defined twice is an error at start-up.

/** A message tree: a string at every leaf. */
export interface Messages {
  [key: string]: string | Messages
}

/** The same keys as `T`, any strings: what an English file must satisfy against its Chinese one. */
export type Mirror<T> = { [K in keyof T]: T[K] extends string ? string : Mirror<T[K]> }

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never

/** One tree from the feature files (`import * as features from './features'`). */
export function compose<T extends Record<string, object>>(features: T): Intersection<T[keyof T]> {
  const out: Messages = {}
  for (const [name, part] of Object.entries(features)) merge(out, part as Messages, name, '')
  return out as Intersection<T[keyof T]>
}

function merge(into: Messages, from: Messages, feature: string, prefix: string): void {
  for (const [k, v] of Object.entries(from)) {
    const key = prefix ? `${prefix}.${k}` : k
    const there = into[k]
    if (typeof v === 'string') {
      if (there !== undefined) throw new Error(`i18n: the key ${key} is defined twice (again in ${feature}.ts)`)
      into[k] = v
    } else {
      if (typeof there === 'string') throw new Error(`i18n: the key ${key} is both a message and a group (in ${feature}.ts)`)
      const node: Messages = there ?? {}
      into[k] = node
      merge(node, v, feature, key)
    }
  }
}

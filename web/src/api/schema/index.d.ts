// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type * as assets from './assets'
import type * as assistant from './assistant'
import type * as audit from './audit'
import type * as auth from './auth'
import type * as finetune from './finetune'
import type * as images from './images'
import type * as instances from './instances'
import type * as jumpbox from './jumpbox'
import type * as kubernetes from './kubernetes'
import type * as me from './me'
import type * as nodes from './nodes'
import type * as portForwards from './port-forwards'
import type * as sandbox from './sandbox'
import type * as specs from './specs'
import type * as system from './system'
import type * as tasks from './tasks'
import type * as usage from './usage'
import type * as users from './users'
import type * as workspaces from './workspaces'

/** Every route the console may call, by path (see ../paths.ts). */
export type paths = assets.paths
  & assistant.paths
  & audit.paths
  & auth.paths
  & finetune.paths
  & images.paths
  & instances.paths
  & jumpbox.paths
  & kubernetes.paths
  & me.paths
  & nodes.paths
  & portForwards.paths
  & sandbox.paths
  & specs.paths
  & system.paths
  & tasks.paths
  & usage.paths
  & users.paths
  & workspaces.paths

export type operations = assets.operations
  & assistant.operations
  & audit.operations
  & auth.operations
  & finetune.operations
  & images.operations
  & instances.operations
  & jumpbox.operations
  & kubernetes.operations
  & me.operations
  & nodes.operations
  & portForwards.operations
  & sandbox.operations
  & specs.operations
  & system.operations
  & tasks.operations
  & usage.operations
  & users.operations
  & workspaces.operations

export type schemas = assets.components['schemas']
  & assistant.components['schemas']
  & audit.components['schemas']
  & auth.components['schemas']
  & finetune.components['schemas']
  & images.components['schemas']
  & instances.components['schemas']
  & jumpbox.components['schemas']
  & kubernetes.components['schemas']
  & me.components['schemas']
  & nodes.components['schemas']
  & portForwards.components['schemas']
  & sandbox.components['schemas']
  & specs.components['schemas']
  & system.components['schemas']
  & tasks.components['schemas']
  & usage.components['schemas']
  & users.components['schemas']
  & workspaces.components['schemas']

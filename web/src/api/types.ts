// The names the pages use for the API's shapes: aliases onto the generated
// schema (./schema/, `npm run gen:api`), taken by route (see ./paths.ts) so
// that a schema renamed on the server changes nothing here. Only what the
// OpenAPI document does not describe is written out by hand (marked below).

import type { Body, Reply } from './paths'

/** A list answer: `{items, total, page, page_size}` (docs/API.md). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

// --- Auth, me, users, audit ----------------------------------------------------

export type LoginResponse = Reply<'/api/v1/auth/login', 'post'>
export type LoginUser = LoginResponse['user']
export type Role = LoginUser['role']
export type User = Reply<'/api/v1/users/{id}'>
export type NewUser = Body<'/api/v1/users', 'post'>
export type UserChange = Body<'/api/v1/users/{id}', 'patch'>
export type ApiToken = Reply<'/api/v1/me/tokens'>[number]
export type CreatedApiToken = Reply<'/api/v1/me/tokens', 'post'>
export type SshKey = Reply<'/api/v1/me/ssh-keys'>[number]
export type JumpboxInfo = Reply<'/api/v1/jumpbox/info'>
export type Recording = Reply<'/api/v1/jumpbox/recordings'>['items'][number]
export type AuditEntry = Reply<'/api/v1/audit'>['items'][number]

// --- Catalog -------------------------------------------------------------------

export type Image = Reply<'/api/v1/images/{id}'>
export type ImageFields = Body<'/api/v1/images', 'post'>
export type Spec = Reply<'/api/v1/specs/{id}'>
export type SpecFields = Body<'/api/v1/specs', 'post'>
export type Node = Reply<'/api/v1/nodes/{id}'>
export type NodeFields = Body<'/api/v1/nodes', 'post'>
export type DockerStatus = Node['docker_status']
export type DockerFacts = NonNullable<Node['docker']>
export type NodeWarning = Node['warnings'][number]
export type InstanceOutcomes = Reply<'/api/v1/instances/batch/stop', 'post'>
export type InstanceOutcome = InstanceOutcomes['items'][number]
export type StatsHistory = Reply<'/api/v1/instances/{id}/stats/history'>
export type StatsPoint = StatsHistory['points'][number]
export type Capacity = Reply<'/api/v1/nodes/{id}/capacity'>
export type LocalCandidate = Reply<'/api/v1/nodes/local-candidate'>
export type ImagePresence = Reply<'/api/v1/nodes/{id}/images/present'>

// --- Assets (资产管理) -----------------------------------------------------------

export type Asset = Reply<'/api/v1/assets/{id}'>
export type AssetFields = Body<'/api/v1/assets', 'post'>
export type AssetStatistics = Reply<'/api/v1/assets/statistics'>
export type AssetImportReport = Reply<'/api/v1/assets/import', 'post'>
export type AssetRowError = AssetImportReport['skipped'][number]
export type WarrantyState = Asset['warranty_state']
export type BmcRefresh = Reply<'/api/v1/assets/{id}/bmc-refresh', 'post'>
export type Amount = Capacity['cpu_cores']
export type CardCapacity = Capacity['cards'][number]

// --- Instances -----------------------------------------------------------------

export type Instance = Reply<'/api/v1/instances/{id}'>
export type NewInstance = Body<'/api/v1/instances', 'post'>
export type Schedule = Body<'/api/v1/instances/{id}/auto-stop', 'put'>
export type InstanceStatus = Instance['status']
export type GpuGrant = Instance['gpus'][number]
export type PlacementCandidate = Reply<'/api/v1/instances/placement'>[number]
export type SpecPlacement = Reply<'/api/v1/instances/placement/specs'>[number]
export type Stats = Reply<'/api/v1/instances/{id}/stats'>
export type Orphan = Reply<'/api/v1/admin/orphans'>[number]

/** One log line: the JSON answer of `…/logs`, and each `log` event of its stream. */
export type LogLine = Reply<'/api/v1/instances/{id}/logs'>[number]

// --- Workspaces (admin) --------------------------------------------------------

export type Workspace = Reply<'/api/v1/workspaces/{id}'>['workspace']
export type WorkspaceProfile = Reply<'/api/v1/workspaces/profile'>
export type CreatedWorkspace = Reply<'/api/v1/workspaces', 'post'>

export type WorkspaceDetail = Reply<'/api/v1/workspaces/{id}'>
export type WorkspaceHealth = WorkspaceDetail['health']
/** The web and WebSocket probes of a running workspace. */
export type WorkspaceProbes = NonNullable<WorkspaceHealth['probes']>

// --- Port forwarding (admin) ---------------------------------------------------

export type PortForward = Reply<'/api/v1/port-forwards/{id}'>
export type PortForwardFields = Body<'/api/v1/port-forwards', 'post'>
export type PortForwardLive = PortForward['live']
export type ServerIps = Reply<'/api/v1/port-forwards/server-ips'>

// --- Sandbox (Piston v2) -------------------------------------------------------

export type PistonRuntime = Reply<'/api/v2/runtimes'>[number]
export type PistonExecute = Body<'/api/v2/execute', 'post'>
export type PistonResult = Reply<'/api/v2/execute', 'post'>
export type StageResult = PistonResult['run']

/** By hand: the document gives `GET /api/v1/sandbox/status` no schema. */
export interface SandboxStatus {
  enabled: boolean
  reason?: string
  pools?: {
    install_id: string
    ready: boolean
    last_error: string | null
    active: number
    runtimes: RuntimePoolStatus[]
  }
}

export interface RuntimePoolStatus {
  runtime: string
  warm: number
  creating: number
  runs: number
  cold_starts: number
}

// --- Tasks ---------------------------------------------------------------------

export type Task = Reply<'/api/v1/tasks/{id}'>
export type TaskFields = Body<'/api/v1/tasks', 'post'>

// --- Fine-tuning jobs ------------------------------------------------------------

export type FinetuneJob = Reply<'/api/v1/finetune/jobs/{id}'>
export type FinetuneJobFields = Body<'/api/v1/finetune/jobs', 'post'>
export type FinetuneStatus = FinetuneJob['status']
export type FinetunePreset = Reply<'/api/v1/finetune/presets'>[number]
export type FinetuneParams = FinetunePreset['params']
export type FinetuneStatistics = Reply<'/api/v1/finetune/statistics'>
export type FinetuneMetrics = Reply<'/api/v1/finetune/jobs/{id}/metrics'>
export type FinetunePoint = FinetuneMetrics['points'][number]
export type FinetuneLogs = Reply<'/api/v1/finetune/jobs/{id}/logs'>
export type TaskRun = Reply<'/api/v1/tasks/{id}/runs'>['items'][number]
export type TaskLogTail = Reply<'/api/v1/tasks/{id}/logs'>
export type TasksFile = Reply<'/api/v1/tasks/export'>
export type UsageReport = Reply<'/api/v1/usage'>
export type UsageRow = UsageReport['rows'][number]
export type QuotaFields = Body<'/api/v1/quotas/default', 'put'>
export type QuotaList = Reply<'/api/v1/quotas'>
export type MyQuota = Reply<'/api/v1/me/quota'>


// System monitor (admin).
export type HostSnapshot = Reply<'/api/v1/system/host'>
export type ProcessFigures = HostSnapshot['top_cpu'][number]
export type NodeFigures = Reply<'/api/v1/system/nodes'>[number]

// --- AI assistant (AI 助手) -----------------------------------------------------

export type AssistantConfig = Reply<'/api/v1/assistant/configs/{id}'>
export type AssistantConfigFields = Body<'/api/v1/assistant/configs', 'post'>
export type Conversation = Reply<'/api/v1/assistant/conversations/{id}'>
export type ConversationFields = Body<'/api/v1/assistant/conversations', 'post'>
export type ChatMessage = Reply<'/api/v1/assistant/conversations/{id}/messages'>[number]
export type ChatExchange = Reply<'/api/v1/assistant/conversations/{id}/messages', 'post'>
export type AssistantUsage = Reply<'/api/v1/assistant/usage'>
/** A token count as the stream's `usage` event carries it. */
export type TokenUsage = Pick<ChatMessage, 'prompt_tokens' | 'completion_tokens' | 'total_tokens'>

// --- Kubernetes ----------------------------------------------------------------

export type KubeCluster = Reply<'/api/v1/k8s/clusters/{id}'>
export type KubeClusterFields = Body<'/api/v1/k8s/clusters', 'post'>
export type KubeWorkload = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}'>[number]
export type KubeObjectYaml = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}'>
export type KubePod = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods'>[number]
export type KubeService = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services'>[number]
export type KubeEndpoints = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}/endpoints'>
export type KubeClusterUsage = Reply<'/api/v1/k8s/clusters/{id}/metrics'>
export type KubePodUsage = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/metrics/pods'>[number]
export type KubePodLogs = Reply<'/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/logs'>
export type KubeGrant = Reply<'/api/v1/k8s/grants'>[number]
export type KubeGrantFields = Body<'/api/v1/k8s/grants', 'post'>
/** The workload kinds as the routes name them. */
export type KubeWorkloadKind = 'deployments' | 'statefulsets' | 'daemonsets'
/** A pod (and optionally its container) a log or terminal is about. */
export interface KubePodRef {
  cluster: number
  namespace: string
  name: string
  container?: string
}

// Shapes of the REST API (see /api/openapi.json, the source of truth).

export type Role = 'admin' | 'user'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface LoginUser {
  id: number
  username: string
  role: Role
  must_change_password: boolean
}

export interface LoginResponse {
  token: string
  expires_at: string
  user: LoginUser
}

export interface User extends LoginUser {
  enabled: boolean
  display_name: string
  email: string
  created_at: string
  updated_at: string
}

export interface ApiToken {
  id: number
  name: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
}

export interface CreatedApiToken extends ApiToken {
  token: string
}

export interface AuditEntry {
  id: number
  at: string
  actor_id: number | null
  actor: string | null
  method: string
  route: string
  resource_id: string | null
  source_ip: string
  status: number
}

export interface Image {
  id: number
  name: string
  address: string
  description: string
  source: string
  supports_vram_split: boolean
  listed: boolean
  remark: string
  keep_alive_command: string[]
  created_at: string
  updated_at: string
}

export interface Spec {
  id: number
  name: string
  gpu_model: string
  gpu_count: number
  vram_gb: number
  supports_vram_split: boolean
  cpu_cores: number
  memory_gb: number
  system_disk_gb: number
  data_disk_gb: number
  price_per_hour: string
  listed: boolean
  remark: string
  created_at: string
  updated_at: string
}

export type DockerStatus = 'connected' | 'failed' | 'unknown'

export interface DockerFacts {
  server_version: string
  api_version: string
  os: string
  kernel_version: string
  ncpu: number
  memory_bytes: number
  storage_driver: string
  runtimes: string[]
  nvidia_runtime: boolean
}

export interface Node {
  id: number
  name: string
  region: string
  cpu_desc: string
  memory_desc: string
  system_disk_desc: string
  data_disk_desc: string
  public_ip: string
  private_ip: string
  ssh_port: number
  ssh_user: string
  has_ssh_password: boolean
  gpu_name: string
  gpu_count: number
  vram_gb_per_card: number
  hami_core_dir: string
  docker_address: string
  use_tls: boolean
  ca_cert: string
  client_cert: string
  has_client_key: boolean
  cpu_cores: number
  memory_gb: number
  system_disk_gb: number
  data_disk_gb: number
  listed: boolean
  remark: string
  docker_status: DockerStatus
  docker_error: string
  docker_checked_at: string | null
  docker: DockerFacts | null
  created_at: string
  updated_at: string
}

export interface Amount {
  total: number
  allocated: number
  free: number
}

export interface CardCapacity {
  index: number
  vram_total_gb: number
  vram_allocated_gb: number
  vram_free_gb: number
  whole_free: boolean
}

export interface Capacity {
  cpu_cores: Amount
  memory_gb: Amount
  system_disk_gb: Amount
  data_disk_gb: Amount
  gpus: Amount
  cards: CardCapacity[]
}

export type InstanceStatus = 'creating' | 'running' | 'exited' | 'failed' | 'deleting' | 'missing'

export interface GpuGrant {
  index: number
  vram_mib: number
  sm_percent: number
}

export interface Instance {
  id: number
  name: string
  owner_id: number
  node_id: number
  image_id: number | null
  spec_id: number | null
  image_address: string
  status: InstanceStatus
  status_error: string
  container_id: string
  container_name: string
  cpu_cores: number
  memory_gb: number
  system_disk_gb: number
  data_disk_gb: number
  gpus: GpuGrant[]
  gpu_split: boolean
  disk_enforced: boolean
  remark: string
  progress: string
  created_at: string
  updated_at: string
}

export interface PlacementCandidate {
  node_id: number
  node_name: string
  score: number
  gpus: GpuGrant[]
  cards: CardCapacity[]
}

export interface Stats {
  cpu_percent: number
  mem_usage: number
  mem_limit: number
  mem_percent: number
  net_rx: number
  net_tx: number
  blk_read: number
  blk_write: number
  pids: number
}

export interface LogLine {
  stream: string
  line: string
}

export interface Orphan {
  node_id: number
  node_name: string
  container_id: string
  container_name: string
  instance_id: number | null
  running: boolean
}

// --- Workspaces (admin) -------------------------------------------------------

export interface Workspace {
  profile: string
  user_id: number
  container_name: string
  docker_id: string
  node_id: number
  http_port: number
  ws_port: number
  status: 'running' | 'stopped' | string
  created_at: string
  updated_at: string
}

export interface WorkspaceProbes {
  web_healthy: boolean
  websocket_healthy: boolean
  probe_ms: number
}

export interface WorkspaceHealth {
  container_name: string
  running: boolean
  started_at: string
  cpu_percent: number
  memory_usage_bytes: number
  memory_limit_bytes: number
  memory_percent: number
  probes: WorkspaceProbes | null
  http_port: number
  ws_port: number
}

export interface WorkspaceDetail {
  workspace: Workspace
  health: WorkspaceHealth
}

export interface CreatedWorkspace {
  outcome: 'created' | 'already_running' | 'started' | string
  workspace: Workspace
}

export interface WorkspaceProfile {
  name: string
  image: string
  name_template: string
  max_users: number
  http_port_base: number
  ws_port_base: number
  container_http_port: number
  container_ws_port: number
  data_root: string
  mount_path: string
  data_owner: string
  cpu_milli: number
  memory_bytes: number
  shm_bytes: number
  pids_limit: number
  license_server: string
  context_tags: string
  node: string
}

// --- Sandbox (Piston v2) ------------------------------------------------------

export interface PistonRuntime {
  language: string
  version: string
  aliases: string[]
  runtime?: string
}

export interface PistonExecute {
  language: string
  version: string
  files: { name?: string; content: string; encoding?: string }[]
  stdin?: string
  args?: string[]
  run_timeout?: number
}

export interface StageResult {
  stdout: string
  stderr: string
  output: string
  code: number | null
  signal: string | null
  message: string | null
  status: string | null
  cpu_time: number
  wall_time: number
  memory: number
}

export interface PistonResult {
  language: string
  version: string
  run: StageResult
  compile?: StageResult | null
}

export interface RuntimePoolStatus {
  runtime: string
  warm: number
  creating: number
  runs: number
  cold_starts: number
}

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

// Kubernetes (seed 003 §7): clusters (admins manage them; a user sees those
// a grant covers), their objects, a pod's log and terminal, and the grants.
import { api, streamEvents } from './client'
import { path } from './paths'
import type {
  KubeCluster,
  KubeClusterFields,
  KubeClusterUsage,
  KubeEndpoints,
  KubeGrant,
  KubeGrantFields,
  KubeObjectYaml,
  KubePod,
  KubePodLogs,
  KubePodRef,
  KubePodUsage,
  KubeService,
  KubeWorkload,
  KubeWorkloadKind,
  Page,
} from './types'

type Ns = { id: number; namespace: string }
type Obj = Ns & { name: string }

export const listKubeClusters = (page = 1, page_size = 100) => api.get<Page<KubeCluster>>(path('/api/v1/k8s/clusters'), { page, page_size })
export const getKubeCluster = (id: number) => api.get<KubeCluster>(path('/api/v1/k8s/clusters/{id}', { id }))
export const createKubeCluster = (body: KubeClusterFields) => api.post<KubeCluster>(path('/api/v1/k8s/clusters'), body)
export const updateKubeCluster = (id: number, body: KubeClusterFields) => api.patch<KubeCluster>(path('/api/v1/k8s/clusters/{id}', { id }), body)
export const deleteKubeCluster = (id: number) => api.del(path('/api/v1/k8s/clusters/{id}', { id }))
export const testKubeCluster = (id: number) => api.post<KubeCluster>(path('/api/v1/k8s/clusters/{id}/test', { id }))
export const kubeNamespaces = (id: number) => api.get<string[]>(path('/api/v1/k8s/clusters/{id}/namespaces', { id }))

export const kubeWorkloads = (p: Ns, kind: KubeWorkloadKind) =>
  api.get<KubeWorkload[]>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}', { ...p, kind }))
export const kubeWorkloadYaml = (p: Obj, kind: KubeWorkloadKind) =>
  api.get<KubeObjectYaml>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}', { ...p, kind }))
export const kubeWorkloadPods = (p: Obj, kind: KubeWorkloadKind) =>
  api.get<KubePod[]>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/pods', { ...p, kind }))
export const scaleKubeWorkload = (p: Obj, kind: KubeWorkloadKind, replicas: number) =>
  api.post<KubeWorkload>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/scale', { ...p, kind }), { replicas })
export const restartKubeWorkload = (p: Obj, kind: KubeWorkloadKind) =>
  api.post<KubeWorkload>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}/restart', { ...p, kind }))
export const deleteKubeWorkload = (p: Obj, kind: KubeWorkloadKind) =>
  api.del(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/workloads/{kind}/{name}', { ...p, kind }))

export const kubePods = (p: Ns) => api.get<KubePod[]>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods', p))
export const kubePodYaml = (p: Obj) => api.get<KubeObjectYaml>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}', p))
export const deleteKubePod = (p: Obj) => api.del(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}', p))
export const kubeServices = (p: Ns) => api.get<KubeService[]>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services', p))
export const kubeServiceYaml = (p: Obj) => api.get<KubeObjectYaml>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}', p))
export const kubeServiceEndpoints = (p: Obj) =>
  api.get<KubeEndpoints>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/services/{name}/endpoints', p))
export const kubeClusterUsage = (id: number) => api.get<KubeClusterUsage>(path('/api/v1/k8s/clusters/{id}/metrics', { id }))
export const kubePodUsage = (p: Ns) => api.get<KubePodUsage[]>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/metrics/pods', p))

const podPath = (p: KubePodRef) => ({ id: p.cluster, namespace: p.namespace, name: p.name })

/** A pod's last `tail` lines. */
export const kubePodLogs = (p: KubePodRef, tail_lines: number) =>
  api.get<KubePodLogs>(path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/logs', podPath(p)), {
    tail_lines,
    container: p.container ?? '',
  })

/** How a followed pod log ended (its `end` event), or `error` with the stream's words. */
export type KubeLogEnd = { reason: string } | { error: string }

/** The last `tail` lines, then each new one, until the log ends (`onEnd`) or `signal` aborts. */
export function followKubePodLogs(
  p: KubePodRef,
  tail_lines: number,
  onLine: (line: string) => void,
  onEnd: (end: KubeLogEnd) => void,
  signal: AbortSignal,
): Promise<void> {
  return streamEvents(
    path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/logs', podPath(p)),
    (event, data) => {
      try {
        if (event === 'log') onLine((JSON.parse(data) as { line: string }).line)
        else if (event === 'end') onEnd(JSON.parse(data) as { reason: string })
        else if (event === 'error') onEnd({ error: data })
      } catch {
        // ignore a malformed event
      }
    },
    signal,
    { follow: true, tail_lines, container: p.container ?? '' },
  )
}

/** The pod terminal's WebSocket address (docs/TERMINAL.md; the protocols are the instance terminal's). */
export function podTerminalUrl(p: KubePodRef, size: { cols: number; rows: number }): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws'
  const q = new URLSearchParams({ cols: String(size.cols), rows: String(size.rows) })
  if (p.container) q.set('container', p.container)
  return `${proto}://${location.host}${path('/api/v1/k8s/clusters/{id}/namespaces/{namespace}/pods/{name}/terminal', podPath(p))}?${q}`
}

export const listKubeGrants = (query: { user_id?: number | ''; cluster_id?: number | '' } = {}) =>
  api.get<KubeGrant[]>(path('/api/v1/k8s/grants'), query)
export const createKubeGrant = (body: KubeGrantFields) => api.post<KubeGrant>(path('/api/v1/k8s/grants'), body)
export const deleteKubeGrant = (id: number) => api.del(path('/api/v1/k8s/grants/{id}', { id }))

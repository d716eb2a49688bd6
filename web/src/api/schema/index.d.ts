// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type * as assetsAssets from './assets/assets'
import type * as assetsAssetsActions from './assets/assets-actions'
import type * as assetsBatchDelete from './assets/batch-delete'
import type * as assetsExport from './assets/export'
import type * as assetsImport from './assets/import'
import type * as assetsStatistics from './assets/statistics'
import type * as assistantConfigs from './assistant/configs'
import type * as assistantConfigsActions from './assistant/configs-actions'
import type * as assistantConversations from './assistant/conversations'
import type * as assistantLimits from './assistant/limits'
import type * as assistantMessages from './assistant/messages'
import type * as assistantUsage from './assistant/usage'
import type * as auditAudit from './audit/audit'
import type * as auditExport from './audit/export'
import type * as authLogin from './auth/login'
import type * as authLogout from './auth/logout'
import type * as finetuneJobs from './finetune/jobs'
import type * as finetuneJobsActions from './finetune/jobs-actions'
import type * as finetuneLogs from './finetune/logs'
import type * as finetuneMetrics from './finetune/metrics'
import type * as finetunePresets from './finetune/presets'
import type * as finetuneStatistics from './finetune/statistics'
import type * as imagesImages from './images/images'
import type * as instancesAutoStop from './instances/auto-stop'
import type * as instancesBatch from './instances/batch'
import type * as instancesInstances from './instances/instances'
import type * as instancesInstancesActions from './instances/instances-actions'
import type * as instancesLogs from './instances/logs'
import type * as instancesOrphans from './instances/orphans'
import type * as instancesPlacement from './instances/placement'
import type * as instancesStats from './instances/stats'
import type * as instancesTerminal from './instances/terminal'
import type * as jumpboxCast from './jumpbox/cast'
import type * as jumpboxInfo from './jumpbox/info'
import type * as jumpboxRecordings from './jumpbox/recordings'
import type * as jumpboxSessions from './jumpbox/sessions'
import type * as jumpboxSshKeys from './jumpbox/ssh-keys'
import type * as kubernetesClusters from './kubernetes/clusters'
import type * as kubernetesClustersActions from './kubernetes/clusters-actions'
import type * as kubernetesEndpoints from './kubernetes/endpoints'
import type * as kubernetesGrants from './kubernetes/grants'
import type * as kubernetesLogs from './kubernetes/logs'
import type * as kubernetesMetrics from './kubernetes/metrics'
import type * as kubernetesNamespaces from './kubernetes/namespaces'
import type * as kubernetesPods from './kubernetes/pods'
import type * as kubernetesServices from './kubernetes/services'
import type * as kubernetesTerminal from './kubernetes/terminal'
import type * as kubernetesWorkloads from './kubernetes/workloads'
import type * as kubernetesWorkloadsActions from './kubernetes/workloads-actions'
import type * as meMe from './me/me'
import type * as mePassword from './me/password'
import type * as meTokens from './me/tokens'
import type * as nodesCapacity from './nodes/capacity'
import type * as nodesImages from './nodes/images'
import type * as nodesLocal from './nodes/local'
import type * as nodesLocalCandidate from './nodes/local-candidate'
import type * as nodesNodes from './nodes/nodes'
import type * as nodesNodesActions from './nodes/nodes-actions'
import type * as portForwardsLive from './port-forwards/live'
import type * as portForwardsPortForwards from './port-forwards/port-forwards'
import type * as portForwardsPortForwardsActions from './port-forwards/port-forwards-actions'
import type * as portForwardsServerIps from './port-forwards/server-ips'
import type * as sandboxExecute from './sandbox/execute'
import type * as sandboxRun from './sandbox/run'
import type * as sandboxRuntimes from './sandbox/runtimes'
import type * as sandboxStatus from './sandbox/status'
import type * as specsSpecs from './specs/specs'
import type * as systemHost from './system/host'
import type * as systemNodes from './system/nodes'
import type * as systemServers from './system/servers'
import type * as systemWs from './system/ws'
import type * as tasksBatch from './tasks/batch'
import type * as tasksExport from './tasks/export'
import type * as tasksImport from './tasks/import'
import type * as tasksLogs from './tasks/logs'
import type * as tasksPreview from './tasks/preview'
import type * as tasksRuns from './tasks/runs'
import type * as tasksTasks from './tasks/tasks'
import type * as tasksTasksActions from './tasks/tasks-actions'
import type * as usageDefault from './usage/default'
import type * as usageQuota from './usage/quota'
import type * as usageQuotas from './usage/quotas'
import type * as usageUsage from './usage/usage'
import type * as usersUsers from './users/users'
import type * as usersUsersActions from './users/users-actions'
import type * as workspacesProfile from './workspaces/profile'
import type * as workspacesWorkspaces from './workspaces/workspaces'
import type * as workspacesWorkspacesActions from './workspaces/workspaces-actions'

/** Every route the console may call, by path (see ../paths.ts). */
export type paths = assetsAssets.paths
  & assetsAssetsActions.paths
  & assetsBatchDelete.paths
  & assetsExport.paths
  & assetsImport.paths
  & assetsStatistics.paths
  & assistantConfigs.paths
  & assistantConfigsActions.paths
  & assistantConversations.paths
  & assistantLimits.paths
  & assistantMessages.paths
  & assistantUsage.paths
  & auditAudit.paths
  & auditExport.paths
  & authLogin.paths
  & authLogout.paths
  & finetuneJobs.paths
  & finetuneJobsActions.paths
  & finetuneLogs.paths
  & finetuneMetrics.paths
  & finetunePresets.paths
  & finetuneStatistics.paths
  & imagesImages.paths
  & instancesAutoStop.paths
  & instancesBatch.paths
  & instancesInstances.paths
  & instancesInstancesActions.paths
  & instancesLogs.paths
  & instancesOrphans.paths
  & instancesPlacement.paths
  & instancesStats.paths
  & instancesTerminal.paths
  & jumpboxCast.paths
  & jumpboxInfo.paths
  & jumpboxRecordings.paths
  & jumpboxSessions.paths
  & jumpboxSshKeys.paths
  & kubernetesClusters.paths
  & kubernetesClustersActions.paths
  & kubernetesEndpoints.paths
  & kubernetesGrants.paths
  & kubernetesLogs.paths
  & kubernetesMetrics.paths
  & kubernetesNamespaces.paths
  & kubernetesPods.paths
  & kubernetesServices.paths
  & kubernetesTerminal.paths
  & kubernetesWorkloads.paths
  & kubernetesWorkloadsActions.paths
  & meMe.paths
  & mePassword.paths
  & meTokens.paths
  & nodesCapacity.paths
  & nodesImages.paths
  & nodesLocal.paths
  & nodesLocalCandidate.paths
  & nodesNodes.paths
  & nodesNodesActions.paths
  & portForwardsLive.paths
  & portForwardsPortForwards.paths
  & portForwardsPortForwardsActions.paths
  & portForwardsServerIps.paths
  & sandboxExecute.paths
  & sandboxRun.paths
  & sandboxRuntimes.paths
  & sandboxStatus.paths
  & specsSpecs.paths
  & systemHost.paths
  & systemNodes.paths
  & systemServers.paths
  & systemWs.paths
  & tasksBatch.paths
  & tasksExport.paths
  & tasksImport.paths
  & tasksLogs.paths
  & tasksPreview.paths
  & tasksRuns.paths
  & tasksTasks.paths
  & tasksTasksActions.paths
  & usageDefault.paths
  & usageQuota.paths
  & usageQuotas.paths
  & usageUsage.paths
  & usersUsers.paths
  & usersUsersActions.paths
  & workspacesProfile.paths
  & workspacesWorkspaces.paths
  & workspacesWorkspacesActions.paths

export type operations = assetsAssets.operations
  & assetsAssetsActions.operations
  & assetsBatchDelete.operations
  & assetsExport.operations
  & assetsImport.operations
  & assetsStatistics.operations
  & assistantConfigs.operations
  & assistantConfigsActions.operations
  & assistantConversations.operations
  & assistantLimits.operations
  & assistantMessages.operations
  & assistantUsage.operations
  & auditAudit.operations
  & auditExport.operations
  & authLogin.operations
  & authLogout.operations
  & finetuneJobs.operations
  & finetuneJobsActions.operations
  & finetuneLogs.operations
  & finetuneMetrics.operations
  & finetunePresets.operations
  & finetuneStatistics.operations
  & imagesImages.operations
  & instancesAutoStop.operations
  & instancesBatch.operations
  & instancesInstances.operations
  & instancesInstancesActions.operations
  & instancesLogs.operations
  & instancesOrphans.operations
  & instancesPlacement.operations
  & instancesStats.operations
  & instancesTerminal.operations
  & jumpboxCast.operations
  & jumpboxInfo.operations
  & jumpboxRecordings.operations
  & jumpboxSessions.operations
  & jumpboxSshKeys.operations
  & kubernetesClusters.operations
  & kubernetesClustersActions.operations
  & kubernetesEndpoints.operations
  & kubernetesGrants.operations
  & kubernetesLogs.operations
  & kubernetesMetrics.operations
  & kubernetesNamespaces.operations
  & kubernetesPods.operations
  & kubernetesServices.operations
  & kubernetesTerminal.operations
  & kubernetesWorkloads.operations
  & kubernetesWorkloadsActions.operations
  & meMe.operations
  & mePassword.operations
  & meTokens.operations
  & nodesCapacity.operations
  & nodesImages.operations
  & nodesLocal.operations
  & nodesLocalCandidate.operations
  & nodesNodes.operations
  & nodesNodesActions.operations
  & portForwardsLive.operations
  & portForwardsPortForwards.operations
  & portForwardsPortForwardsActions.operations
  & portForwardsServerIps.operations
  & sandboxExecute.operations
  & sandboxRun.operations
  & sandboxRuntimes.operations
  & sandboxStatus.operations
  & specsSpecs.operations
  & systemHost.operations
  & systemNodes.operations
  & systemServers.operations
  & systemWs.operations
  & tasksBatch.operations
  & tasksExport.operations
  & tasksImport.operations
  & tasksLogs.operations
  & tasksPreview.operations
  & tasksRuns.operations
  & tasksTasks.operations
  & tasksTasksActions.operations
  & usageDefault.operations
  & usageQuota.operations
  & usageQuotas.operations
  & usageUsage.operations
  & usersUsers.operations
  & usersUsersActions.operations
  & workspacesProfile.operations
  & workspacesWorkspaces.operations
  & workspacesWorkspacesActions.operations

export type schemas = assetsAssets.components['schemas']
  & assetsAssetsActions.components['schemas']
  & assetsBatchDelete.components['schemas']
  & assetsExport.components['schemas']
  & assetsImport.components['schemas']
  & assetsStatistics.components['schemas']
  & assistantConfigs.components['schemas']
  & assistantConfigsActions.components['schemas']
  & assistantConversations.components['schemas']
  & assistantLimits.components['schemas']
  & assistantMessages.components['schemas']
  & assistantUsage.components['schemas']
  & auditAudit.components['schemas']
  & auditExport.components['schemas']
  & authLogin.components['schemas']
  & authLogout.components['schemas']
  & finetuneJobs.components['schemas']
  & finetuneJobsActions.components['schemas']
  & finetuneLogs.components['schemas']
  & finetuneMetrics.components['schemas']
  & finetunePresets.components['schemas']
  & finetuneStatistics.components['schemas']
  & imagesImages.components['schemas']
  & instancesAutoStop.components['schemas']
  & instancesBatch.components['schemas']
  & instancesInstances.components['schemas']
  & instancesInstancesActions.components['schemas']
  & instancesLogs.components['schemas']
  & instancesOrphans.components['schemas']
  & instancesPlacement.components['schemas']
  & instancesStats.components['schemas']
  & instancesTerminal.components['schemas']
  & jumpboxCast.components['schemas']
  & jumpboxInfo.components['schemas']
  & jumpboxRecordings.components['schemas']
  & jumpboxSessions.components['schemas']
  & jumpboxSshKeys.components['schemas']
  & kubernetesClusters.components['schemas']
  & kubernetesClustersActions.components['schemas']
  & kubernetesEndpoints.components['schemas']
  & kubernetesGrants.components['schemas']
  & kubernetesLogs.components['schemas']
  & kubernetesMetrics.components['schemas']
  & kubernetesNamespaces.components['schemas']
  & kubernetesPods.components['schemas']
  & kubernetesServices.components['schemas']
  & kubernetesTerminal.components['schemas']
  & kubernetesWorkloads.components['schemas']
  & kubernetesWorkloadsActions.components['schemas']
  & meMe.components['schemas']
  & mePassword.components['schemas']
  & meTokens.components['schemas']
  & nodesCapacity.components['schemas']
  & nodesImages.components['schemas']
  & nodesLocal.components['schemas']
  & nodesLocalCandidate.components['schemas']
  & nodesNodes.components['schemas']
  & nodesNodesActions.components['schemas']
  & portForwardsLive.components['schemas']
  & portForwardsPortForwards.components['schemas']
  & portForwardsPortForwardsActions.components['schemas']
  & portForwardsServerIps.components['schemas']
  & sandboxExecute.components['schemas']
  & sandboxRun.components['schemas']
  & sandboxRuntimes.components['schemas']
  & sandboxStatus.components['schemas']
  & specsSpecs.components['schemas']
  & systemHost.components['schemas']
  & systemNodes.components['schemas']
  & systemServers.components['schemas']
  & systemWs.components['schemas']
  & tasksBatch.components['schemas']
  & tasksExport.components['schemas']
  & tasksImport.components['schemas']
  & tasksLogs.components['schemas']
  & tasksPreview.components['schemas']
  & tasksRuns.components['schemas']
  & tasksTasks.components['schemas']
  & tasksTasksActions.components['schemas']
  & usageDefault.components['schemas']
  & usageQuota.components['schemas']
  & usageQuotas.components['schemas']
  & usageUsage.components['schemas']
  & usersUsers.components['schemas']
  & usersUsersActions.components['schemas']
  & workspacesProfile.components['schemas']
  & workspacesWorkspaces.components['schemas']
  & workspacesWorkspacesActions.components['schemas']

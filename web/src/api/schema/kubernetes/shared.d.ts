// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /**
         * @description A registered cluster as the API shows it. There is no kubeconfig field:
         *     it is write-only (`has_kubeconfig` says one is kept; send a new one to
         *     replace it).
         */
        Cluster: {
            /** Format: date-time */
            checked_at?: string | null;
            /** Format: date-time */
            created_at: string;
            description: string;
            enabled: boolean;
            has_kubeconfig: boolean;
            /** Format: int64 */
            id: number;
            /** @description Why the last test failed ('' when it did not). */
            last_error: string;
            name: string;
            /**
             * Format: int64
             * @description Namespaces the kubeconfig's user could list at the last successful test.
             */
            namespace_count?: number | null;
            /** @description The API server's URL, read from the kubeconfig's current context. */
            server: string;
            /** @description `gitVersion` the API server reported at the last successful test. */
            server_version: string;
            status: components["schemas"]["ClusterStatus"];
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description What the last connection test found.
         * @enum {string}
         */
        ClusterStatus: "unknown" | "connected" | "error" | "disabled";
        /**
         * @description An object as the API server holds it, as YAML (`metadata.managedFields`
         *     left out: it is bookkeeping nobody reads).
         */
        ObjectYaml: {
            kind: string;
            name: string;
            namespace?: string | null;
            yaml: string;
        };
        /** @description A service in a list. */
        Service: {
            cluster_ip?: string | null;
            /** Format: date-time */
            created_at?: string | null;
            name: string;
            namespace: string;
            ports: components["schemas"]["ServicePort"][];
            /** @description `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`. */
            type: string;
        };
        ServicePort: {
            name?: string | null;
            /** Format: int32 */
            node_port?: number | null;
            /** Format: int32 */
            port: number;
            protocol: string;
            /** @description A number or a named container port. */
            target_port?: string | null;
        };
        /** @description A Deployment, StatefulSet or DaemonSet in a list. */
        Workload: {
            /**
             * Format: date-time
             * @description When the object was created (its age is now minus this).
             */
            created_at?: string | null;
            /**
             * Format: int32
             * @description Pods wanted (DaemonSets: nodes that should run one).
             */
            desired: number;
            /** @description The containers' images, in the pod template's order. */
            images: string[];
            kind: components["schemas"]["WorkloadKind"];
            name: string;
            namespace: string;
            /**
             * Format: int32
             * @description Pods ready (DaemonSets: nodes with a ready pod).
             */
            ready: number;
        };
        /**
         * @description A workload controller the console acts on.
         * @enum {string}
         */
        WorkloadKind: "Deployment" | "StatefulSet" | "DaemonSet";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}

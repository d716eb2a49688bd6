// Generated from the server's /api/openapi.json by `npm run gen:api`
// (tools/gen-api.mjs, openapi-typescript). Do not edit: regenerate.
// The names the pages use are aliases in ../types.ts.

import type { components as common } from '../common'

export interface components {
    schemas: common["schemas"] & {
        /** @description What the node's Docker Engine said about itself at the last successful test. */
        DockerFacts: {
            /** @default  */
            api_version: string;
            /**
             * @description The filesystem under the storage driver (`extfs`, `xfs`, …), when Docker says.
             * @default
             */
            backing_filesystem: string;
            /**
             * @description Whether this storage driver can enforce a container's disk size: btrfs,
             *     zfs and devicemapper can, overlay2 only on xfs (mounted with `pquota`,
             *     which Docker checks at create; each instance records in `disk_enforced`
             *     whether its limit was applied). Elsewhere disk sizes are bookkeeping.
             * @default false
             */
            disk_limits_supported: boolean;
            /** @default  */
            kernel_version: string;
            /**
             * Format: int64
             * @default 0
             */
            memory_bytes: number;
            /**
             * Format: int64
             * @default 0
             */
            ncpu: number;
            /**
             * @description The `nvidia` runtime is registered (GPU containers possible).
             * @default false
             */
            nvidia_runtime: boolean;
            /** @default  */
            os: string;
            /**
             * @description Docker's root directory (images, container layers, volumes).
             * @default
             */
            root_dir: string;
            /**
             * Format: int64
             * @default 0
             */
            root_fs_free_bytes: number;
            /**
             * Format: int64
             * @description Size and free space of the filesystem holding `root_dir`, measured when the
             *     engine is on this machine (a unix socket); 0 = not measured.
             * @default 0
             */
            root_fs_total_bytes: number;
            /** @default [] */
            runtimes: string[];
            /** @default  */
            server_version: string;
            /** @default  */
            storage_driver: string;
        };
        /**
         * @description The last known state of a node's Docker connection.
         * @enum {string}
         */
        DockerStatus: "unknown" | "connected" | "failed";
        /**
         * @description A node that is a namespace of a registered Kubernetes cluster: its
         *     instances are Pods there (see `crate::kube::instance_pod`). The cluster
         *     and namespace are fixed once the node exists (its instances live there);
         *     the storage class may change and applies to data claims made afterwards.
         */
        KubeBackend: {
            /** Format: int64 */
            cluster_id: number;
            /** @description The namespace the instances' Pods and claims go to. */
            namespace: string;
            /** @description The data claims' storage class; empty = the cluster's default. */
            storage_class?: string;
        };
        /** @description A node as the API shows it. Secrets are never included: only whether they are set. */
        Node: {
            /** @description `docker` or `kubernetes`. */
            backend: string;
            /** @description CA certificate (PEM) the node's certificate is checked against. */
            ca_cert: string;
            /** @description Client certificate (PEM) presented to the node. */
            client_cert: string;
            /**
             * Format: double
             * @description Capacity used by placement.
             */
            cpu_cores: number;
            cpu_desc: string;
            /** Format: date-time */
            created_at: string;
            data_disk_desc: string;
            /** Format: int64 */
            data_disk_gb: number;
            docker?: null | components["schemas"]["DockerFacts"];
            docker_address: string;
            /** Format: date-time */
            docker_checked_at?: string | null;
            docker_error: string;
            docker_status: components["schemas"]["DockerStatus"];
            /** Format: int64 */
            gpu_count: number;
            gpu_name: string;
            hami_core_dir: string;
            has_client_key: boolean;
            has_ssh_password: boolean;
            /** Format: int64 */
            id: number;
            kubernetes?: null | components["schemas"]["KubeBackend"];
            listed: boolean;
            memory_desc: string;
            /** Format: double */
            memory_gb: number;
            name: string;
            private_ip: string;
            public_ip: string;
            region: string;
            remark: string;
            /** Format: int32 */
            ssh_port: number;
            ssh_user: string;
            system_disk_desc: string;
            /** Format: int64 */
            system_disk_gb: number;
            /** Format: date-time */
            updated_at: string;
            use_tls: boolean;
            /**
             * Format: double
             * @description VRAM of **each** card, in GB.
             */
            vram_gb_per_card: number;
            /** @description Where the declared sizes disagree with Docker's report or another node. */
            warnings: components["schemas"]["NodeWarning"][];
        };
        /**
         * @description One warning, with the figures behind it (for a translated sentence) and an
         *     English sentence for API clients.
         */
        NodeWarning: {
            code: components["schemas"]["NodeWarningCode"];
            /**
             * Format: double
             * @description What was declared (cores, GB or cards), when the warning compares sizes.
             */
            declared?: number | null;
            message: string;
            /** @description The other node, for a duplicate address. */
            other_node?: string | null;
            /**
             * Format: double
             * @description What the engine reports, in the same unit.
             */
            reported?: number | null;
        };
        /**
         * @description What kind of disagreement; the console translates it.
         * @enum {string}
         */
        NodeWarningCode: "cpu_over_reported" | "memory_over_reported" | "disk_over_reported" | "gpus_without_nvidia_runtime" | "duplicate_docker_address";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}

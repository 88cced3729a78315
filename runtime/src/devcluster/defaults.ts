// Dev cluster defaults, in a module that imports nothing: the CLI's usage text reads them without
// loading the broker (via 'streamwise/model').

/** Defaults shared by startDevCluster, `streamwise dev-cluster` and `streamwise run` (Kafka's port and num.partitions). */
export const DEFAULT_PORT = 9092;
export const DEFAULT_PARTITIONS = 1;

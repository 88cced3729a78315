// Every API the dev cluster implements, by key; ApiVersions advertises exactly these.
import type { ApiDef } from './api';
import { addOffsetsToTxnApi } from './add-offsets-to-txn/index';
import { addPartitionsToTxnApi } from './add-partitions-to-txn/index';
import { alterConfigsApi } from './alter-configs/index';
import { describeProducersApi } from './describe-producers/index';
import { describeTransactionsApi } from './describe-transactions/index';
import { endTxnApi } from './end-txn/index';
import { listTransactionsApi } from './list-transactions/index';
import { txnOffsetCommitApi } from './txn-offset-commit/index';
import { apiVersionsApi } from './api-versions/index';
import { createPartitionsApi } from './create-partitions/index';
import { deleteGroupsApi } from './delete-groups/index';
import { deleteRecordsApi } from './delete-records/index';
import { describeClusterApi } from './describe-cluster/index';
import { describeLogDirsApi } from './describe-log-dirs/index';
import { incrementalAlterConfigsApi } from './incremental-alter-configs/index';
import { offsetDeleteApi } from './offset-delete/index';
import { createTopicsApi } from './create-topics/index';
import { deleteTopicsApi } from './delete-topics/index';
import { describeConfigsApi } from './describe-configs/index';
import { describeGroupsApi } from './describe-groups/index';
import { fetchApi } from './fetch/index';
import { findCoordinatorApi } from './find-coordinator/index';
import { heartbeatApi } from './heartbeat/index';
import { initProducerIdApi } from './init-producer-id/index';
import { joinGroupApi } from './join-group/index';
import { leaveGroupApi } from './leave-group/index';
import { listGroupsApi } from './list-groups/index';
import { listOffsetsApi } from './list-offsets/index';
import { metadataApi } from './metadata/index';
import { offsetCommitApi } from './offset-commit/index';
import { offsetFetchApi } from './offset-fetch/index';
import { produceApi } from './produce/index';
import { syncGroupApi } from './sync-group/index';

const others: ApiDef[] = [
  produceApi, fetchApi, listOffsetsApi, metadataApi, offsetCommitApi, offsetFetchApi, findCoordinatorApi,
  joinGroupApi, heartbeatApi, leaveGroupApi, syncGroupApi, describeGroupsApi, listGroupsApi,
  createTopicsApi, deleteTopicsApi, initProducerIdApi, describeConfigsApi, createPartitionsApi, deleteRecordsApi,
  describeLogDirsApi, alterConfigsApi, incrementalAlterConfigsApi, offsetDeleteApi, deleteGroupsApi, describeClusterApi,
  // Transactions (txn/).
  addPartitionsToTxnApi, addOffsetsToTxnApi, endTxnApi, txnOffsetCommitApi, describeTransactionsApi, listTransactionsApi, describeProducersApi,
];

const ranges = () => apis.map((a) => ({ key: a.key, min: a.minVersion, max: a.maxVersion }));
const apis: ApiDef[] = [...others, apiVersionsApi(ranges)].sort((a, b) => a.key - b.key);

export const apiByKey = new Map<number, ApiDef>(apis.map((a) => [a.key, a]));
export const API_VERSIONS_KEY = 18;
export { ranges as supportedApiRanges };

// Show Lag's choices: the consumer groups of the connected cluster (ListGroups through the runtime
// client adapter), the application ids the workspace and its runs know (they may not have a group
// yet), and a typed one. Listing never blocks the picker: it fills in while the user looks.
import { createKafkaClient } from 'streamwise';
import { READER_GROUP_PREFIX } from '../view/cluster-browser';

export interface ClusterGroup { groupId: string; protocolType: string }

export interface GroupChoice {
  groupId: string;
  /** Where it comes from, for the picker's description. */
  onCluster: boolean;
  known: boolean;
  protocolType?: string;
}

/** The panel's own clients (the view's record readers) are not groups anyone wants the lag of. */
export const isOwnGroup = (groupId: string): boolean => groupId.startsWith(`${READER_GROUP_PREFIX}-`);

/** The cluster's groups, sorted; rejects after `timeoutMs` or when the brokers cannot be reached. */
export async function listClusterGroups(brokers: string[], timeoutMs: number): Promise<ClusterGroup[]> {
  const quiet = (): void => undefined;
  const admin = createKafkaClient({ brokers, clientId: 'streamwise-show-lag', logger: { debug: quiet, info: quiet, warn: quiet, error: quiet } }).admin();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${brokers.join(',')} in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const groups = await Promise.race([(async () => { await admin.connect(); return admin.listGroups(); })(), timeout]);
    return groups.filter((g) => !isOwnGroup(g.groupId)).sort((a, b) => a.groupId.localeCompare(b.groupId));
  } finally {
    clearTimeout(timer);
    // Not awaited: after a timeout the client may still be connecting, and its disconnect waits for that.
    void admin.disconnect().catch(() => undefined);
  }
}

/** Known application ids first (in their order), then the cluster's other groups; one entry per id. */
export function groupChoices(known: readonly string[], cluster: readonly ClusterGroup[]): GroupChoice[] {
  const onCluster = new Map(cluster.map((g) => [g.groupId, g]));
  const out: GroupChoice[] = [];
  for (const id of new Set(known)) {
    const g = onCluster.get(id);
    out.push({ groupId: id, known: true, onCluster: g !== undefined, ...(g === undefined ? {} : { protocolType: g.protocolType }) });
  }
  for (const g of cluster) if (!known.includes(g.groupId)) out.push({ groupId: g.groupId, known: false, onCluster: true, protocolType: g.protocolType });
  return out;
}

/** The picker's description of a choice. */
export function choiceDescription(c: GroupChoice, clusterListed: boolean): string {
  if (c.known && c.onCluster) return 'application id · on the cluster';
  if (c.known) return clusterListed ? 'application id · no group on the cluster yet' : 'application id';
  return `on the cluster${c.protocolType === undefined || c.protocolType === '' ? '' : ` · ${c.protocolType}`}`;
}

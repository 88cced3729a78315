import type { ClientRequest, ClientResponse, ErrorFromCode, TxnOffsetCommitArgs } from './types';
import { request as requestV0 } from './v0/request';
import { response as responseV0 } from './v0/response';
import { request as requestV1 } from './v1/request';
import { response as responseV1 } from './v1/response';
import { request as requestV2 } from './v2/request';
import { response as responseV2 } from './v2/response';
import { request as requestV3 } from './v3/request';
import { response as responseV3 } from './v3/response';

export type { TxnGroupMetadata, TxnOffsetCommitArgs, TxnOffsetCommitResponse } from './types';

type Build = (args: TxnOffsetCommitArgs) => { request: ClientRequest; response: ClientResponse };

/**
 * A request definition in kafkajs' shape ({ versions, protocol }): kafkajs picks the highest
 * version both it and the broker speak. `group` supplies the group metadata of the call in flight.
 */
export function txnOffsetCommitDefinition(errorFromCode: ErrorFromCode, group: () => TxnOffsetCommitArgs['group']) {
  const versions: Record<string, Build> = {
    0: (args) => ({ request: requestV0(args), response: responseV0(errorFromCode) }),
    1: (args) => ({ request: requestV1(args), response: responseV1(errorFromCode) }),
    2: (args) => ({ request: requestV2(args), response: responseV2(errorFromCode) }),
    3: (args) => {
      const g = group();
      return { request: requestV3(g === undefined ? args : { ...args, group: g }), response: responseV3(errorFromCode) };
    },
  };
  return {
    versions: Object.keys(versions),
    protocol: ({ version }: { version: number }): Build => {
      const build = versions[String(version)];
      if (build === undefined) throw new Error(`TxnOffsetCommit v${version} is not implemented`);
      return build;
    },
  };
}

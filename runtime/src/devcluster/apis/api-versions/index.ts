import type { ApiDef } from '../api';
import { decode, encode, type ApiRange } from './v0-v3';

/** Built by the registry, which knows every API's versions. */
export function apiVersionsApi(all: () => readonly ApiRange[]): ApiDef {
  return {
    key: 18, name: 'ApiVersions', minVersion: 0, maxVersion: 3, flexibleFrom: 3,
    handle(ctx, r, w) {
      decode(r, ctx.header.apiVersion);
      return encode(w, ctx.header.apiVersion, 0, all());
    },
  };
}

// ApiVersions v0-v3. v3 requests are flexible but the response header stays v0 (the client
// cannot know the header format before it knows the version); v3's body is flexible.
import type { Reader } from '../../protocol/reader';
import type { Writer } from '../../protocol/writer';

export interface ApiVersionsRequest { clientSoftwareName: string | null; clientSoftwareVersion: string | null }

export function decode(r: Reader, version: number): ApiVersionsRequest {
  if (version < 3) return { clientSoftwareName: null, clientSoftwareVersion: null };
  const req = { clientSoftwareName: r.string(), clientSoftwareVersion: r.string() };
  r.tags();
  return req;
}

export interface ApiRange { key: number; min: number; max: number }

export function encode(w: Writer, version: number, errorCode: number, apis: readonly ApiRange[]): Writer {
  w.i16(errorCode);
  w.array(apis, (x, a) => { x.i16(a.key).i16(a.min).i16(a.max).tags(); });
  if (version >= 1) w.i32(0);
  return w.tags();
}

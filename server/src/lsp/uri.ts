// file: URIs <-> absolute paths. Other schemes (untitled:, git:) have no path: the server skips them.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalize } from 'node:path';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

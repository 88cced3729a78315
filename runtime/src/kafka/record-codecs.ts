// The record-batch codecs kafkajs lacks (it has gzip only): snappy (raw or Java's xerial framing),
// lz4 (frame format) and zstd, from pure-JS packages (snappyjs, lz4js, fzstd: no native build).
// The same code the dev cluster reads batches with. kafkajs-adapter.ts registers them.
import { COMPRESSION_CODES, compress, decompress, type Compression } from '../devcluster/records/compression';

export interface RecordCodec {
  compress(data: Buffer): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}

const codec = (kind: Exclude<Compression, 'none' | 'gzip'>): RecordCodec => ({
  // zstd is read, not written: compress() says so with a clear error.
  compress: (data) => new Promise((resolve) => { resolve(compress(kind, data)); }),
  decompress: (data) => new Promise((resolve) => { resolve(decompress(COMPRESSION_CODES[kind], data)); }),
});

export const recordCodecs = { snappy: codec('snappy'), lz4: codec('lz4'), zstd: codec('zstd') };

// One client connection: requests are handled one at a time, in order, as Kafka brokers do.
// Bad input closes only this connection, after one log line. Buffered request bytes (partial and
// queued frames) count against a budget shared by all connections; idle connections are closed.
import type { Socket } from 'node:net';
import type { ApiDef, RequestContext, RequestHeader } from '../apis/api';
import { encode as encodeApiVersions } from '../apis/api-versions/v0-v3';
import { API_VERSIONS_KEY, apiByKey, supportedApiRanges } from '../apis/registry';
import type { Broker } from '../broker/broker';
import { ErrorCode } from '../protocol/error-codes';
import { ProtocolError, Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { FrameSplitter } from './frame-splitter';

const MAX_QUEUED_FRAMES = 64;

export class Connection {
  private readonly splitter: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private dead = false;
  private readonly closed: Promise<void>;
  private readonly peer: string;

  /** Bytes this connection holds in the splitter and the queue (counted in the shared budget). */
  private held = 0;

  constructor(private readonly socket: Socket, private readonly broker: Broker, private readonly budget: { used: number }) {
    const limits = broker.limits;
    this.splitter = new FrameSplitter(limits.socketRequestMaxBytes);
    if (limits.connectionsMaxIdleMs > 0) {
      socket.setTimeout(limits.connectionsMaxIdleMs);
      socket.on('timeout', () => {
        if (!this.busy) this.fail(`idle for ${limits.connectionsMaxIdleMs} ms (connections.max.idle.ms)`, 'info');
      });
    }
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => socket.once('close', () => { this.dead = true; this.hold(-this.held); resolve(); }));
    socket.on('error', () => { /* 'close' follows; a reset peer is not the broker's problem */ });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    if (this.dead) return;
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      this.fail(`bad frame: ${(error as Error).message}`);
      return;
    }
    this.hold(chunk.length);
    if (this.budget.used > this.broker.limits.maxBufferedBytes) {
      this.fail(`buffered requests over all connections passed ${this.broker.limits.maxBufferedBytes} bytes`);
      return;
    }
    for (const f of frames) this.queue.push(f);
    if (this.queue.length > MAX_QUEUED_FRAMES) this.socket.pause();
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (!this.dead) {
      const frame = this.queue.shift();
      if (frame === undefined) break;
      if (this.queue.length <= MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) this.socket.resume();
      try {
        this.hold(-(frame.length + 4));
        await this.handle(frame);
      } catch (error) {
        if (error instanceof ProtocolError) this.fail(`malformed request: ${error.message}`);
        else this.fail(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 'error');
      }
    }
    this.busy = false;
  }

  private async handle(frame: Buffer): Promise<void> {
    const head = new Reader(frame);
    const apiKey = head.i16();
    const apiVersion = head.i16();
    const correlationId = head.i32();
    const api = apiByKey.get(apiKey);
    if (api === undefined) {
      this.fail(`unknown API key ${apiKey} (correlation id ${correlationId})`);
      return;
    }
    const supported = apiVersion >= api.minVersion && apiVersion <= api.maxVersion;
    if (!supported && apiKey === API_VERSIONS_KEY) {
      // Kafka answers an unknown ApiVersions version in v0 form so the client can pick another.
      const w = encodeApiVersions(new Writer(false), 0, ErrorCode.UNSUPPORTED_VERSION, supportedApiRanges());
      this.send(correlationId, false, w);
      return;
    }
    if (!supported) {
      this.fail(`unsupported ${api.name} version ${apiVersion} (supported ${api.minVersion}-${api.maxVersion})`);
      return;
    }
    const flex = apiVersion >= api.flexibleFrom;
    const clientId = head.headerString();
    const body = new Reader(frame, flex, head.pos);
    body.tags(); // request header v2 tagged fields
    const header: RequestHeader = { apiKey, apiVersion, correlationId, clientId };
    const ctx: RequestContext = { broker: this.broker, header, clientHost: this.socket.remoteAddress ?? '', closed: this.closed };
    const w = await this.run(api, ctx, body, new Writer(flex));
    if (w === null || this.dead) return;
    this.send(correlationId, flex && apiKey !== API_VERSIONS_KEY, w);
  }

  private run(api: ApiDef, ctx: RequestContext, body: Reader, w: Writer): Promise<Writer | null> | Writer | null {
    return api.handle(ctx, body, w);
  }

  private send(correlationId: number, flexHeader: boolean, w: Writer): void {
    const parts = w.finish();
    const headerLen = flexHeader ? 9 : 8;
    const head = Buffer.allocUnsafe(headerLen);
    head.writeInt32BE(headerLen - 4 + w.length, 0);
    head.writeInt32BE(correlationId, 4);
    if (flexHeader) head[8] = 0;
    this.socket.cork();
    this.socket.write(head);
    for (const p of parts) this.socket.write(p);
    this.socket.uncork();
  }

  private hold(n: number): void {
    const next = Math.max(0, this.held + n);
    this.budget.used += next - this.held;
    this.held = next;
  }

  private fail(reason: string, level: 'info' | 'warn' | 'error' = 'warn'): void {
    if (this.dead) return;
    this.dead = true;
    this.broker.logger[level](`dev cluster: closing connection from ${this.peer}: ${reason}`);
    this.queue.length = 0;
    this.socket.destroy();
  }

  destroy(): void {
    this.dead = true;
    this.socket.destroy();
  }
}

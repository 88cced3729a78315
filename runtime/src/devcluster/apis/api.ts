// What each protocol API module provides to the connection's dispatcher.
import type { Broker } from '../broker/broker';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';

export interface RequestHeader { apiKey: number; apiVersion: number; correlationId: number; clientId: string | null }

export interface RequestContext {
  broker: Broker;
  header: RequestHeader;
  clientHost: string;
  /** Resolves when the connection closes (parked requests give up). */
  closed: Promise<void>;
}

export interface ApiDef {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** First flexible (tagged-field) version; Infinity when none is implemented. */
  flexibleFrom: number;
  /** Decodes the body, does the work and encodes the response body; null: no response (acks=0). */
  handle(ctx: RequestContext, r: Reader, w: Writer): Promise<Writer | null> | Writer | null;
}

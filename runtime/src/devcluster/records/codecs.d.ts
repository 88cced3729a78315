// The two pure-JS codec packages that ship no type declarations.
declare module 'snappyjs' {
  export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(input: Uint8Array): Uint8Array;
}
declare module 'lz4js' {
  export function decompress(input: Uint8Array, maxSize?: number): Uint8Array;
  export function compress(input: Uint8Array, maxSize?: number): Uint8Array;
}

// Graph panel entry point.
export {};

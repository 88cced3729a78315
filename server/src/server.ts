// Language server entry point: wiring only; logic lives in modules beside it.
export {};

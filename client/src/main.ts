// Extension entry point: thin; commands and state live in modules beside it.
export function activate(): void {}
export function deactivate(): void {}

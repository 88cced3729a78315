// The one lag judgement (OK / WARN / STALL / STOP) shared by `streamwise lag` and the graph panel.
export * from './lag-verdict';

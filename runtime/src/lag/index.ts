// Consumer-group lag: the sampler (through the runtime's client interface), the sliding-window
// tracker and the one verdict shared by `streamwise lag`, the graph panel and the Streamwise view.
export * from './group-snapshot';
export * from './lag-verdict';
export * from './lag-tracker';
export * from './group-sampler';
export * from './lag-monitor';

export { TopologyTestDriver, type TestDriverConfig, type CapturedRecord } from './testing/topology-test-driver';
export { TestInputTopic } from './testing/test-input-topic';
export { TestOutputTopic, type TestRecord } from './testing/test-output-topic';

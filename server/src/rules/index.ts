// Every rule, one module per rule id.
import type { RuleModule } from './rule';
import applicationIdFormat from './application-id-format';
import asyncProcessorCallback from './async-processor-callback';
import branchOrder from './branch-order';
import duplicateApplicationId from './duplicate-application-id';
import joinCoPartitioning from './join-co-partitioning';
import serdeMismatch from './serde-mismatch';
import threadPartitionMismatch from './thread-partition-mismatch';
import topicDurability from './topic-durability';
import syntaxError from './syntax-error';
import uncaughtProcessorThrow from './uncaught-processor-throw';
import unknownStateStore from './unknown-state-store';
import unusedBranch from './unused-branch';

export const allRules: readonly RuleModule[] = [branchOrder, uncaughtProcessorThrow, duplicateApplicationId, threadPartitionMismatch, applicationIdFormat, syntaxError, asyncProcessorCallback, unknownStateStore, unusedBranch, joinCoPartitioning, serdeMismatch, topicDurability];

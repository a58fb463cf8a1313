// The real roslib classes with their own types. roslib 2.1's package entry re-exports './src/RosLib'
// without a file extension, which NodeNext resolution cannot follow, so `import { Ros } from 'roslib'`
// typechecks as "no exported member"; the declarations themselves are fine and are used directly.
import * as roslib from 'roslib';
import type RosClass from '../../node_modules/roslib/dist/src/core/Ros.ts';
import type TopicClass from '../../node_modules/roslib/dist/src/core/Topic.ts';
import type ServiceClass from '../../node_modules/roslib/dist/src/core/Service.ts';
import type ActionClass from '../../node_modules/roslib/dist/src/core/Action.ts';

const lib = roslib as unknown as { Ros: typeof RosClass; Topic: typeof TopicClass; Service: typeof ServiceClass; Action: typeof ActionClass };
export const { Ros, Topic, Service, Action } = lib;
export type Ros = RosClass;
export type Topic<T = unknown> = TopicClass<T>;
export type Service<Req = unknown, Res = unknown> = ServiceClass<Req, Res>;
export type Action<G = unknown, F = unknown, R = unknown> = ActionClass<G, F, R>;

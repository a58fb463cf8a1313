// roslib 2.1 ships declarations that NodeNext resolution cannot follow (its entry re-exports
// './src/RosLib' without an extension, so TypeScript sees no exports at all). The few members this
// link uses are typed here, against roslib's own src/core/*.d.ts, and the runtime classes re-exported.
import * as untyped from 'roslib';

export interface RosbridgeFrame {
  op: string;
  [key: string]: unknown;
}

export interface RoslibTransport {
  on(event: 'open' | 'close' | 'error', listener: (event: unknown) => void): this;
  on(event: 'message', listener: (message: RosbridgeFrame) => void): this;
  send(message: RosbridgeFrame): void;
  close(): void;
  isConnecting(): boolean;
  isOpen(): boolean;
  isClosing(): boolean;
  isClosed(): boolean;
}
export type RoslibTransportFactory = (url: string) => Promise<RoslibTransport>;

export interface RosInstance {
  readonly isConnected: boolean;
  connect(url: string): Promise<void>;
  close(): void;
  on(event: string, listener: (...args: never[]) => void): this;
  once(event: string, listener: (...args: never[]) => void): this;
  removeAllListeners(event?: string): this;
  getTopics(
    callback: (result: { topics: string[]; types: string[] }) => void,
    failedCallback?: (error: string) => void,
  ): void;
}

export interface TopicInstance<T> {
  subscribe(callback: (message: T) => void): void;
  unsubscribe(callback?: (message: T) => void): void;
}

export interface ActionInstance<G, F, R> {
  sendGoal(goal: G, resultCallback: (result: R) => void, feedbackCallback?: (feedback: F) => void,
    failedCallback?: (error: string) => void): string | undefined;
  cancelGoal(id: string): void;
}

interface Roslib {
  Ros: new (opts?: { url?: string; transportFactory?: RoslibTransportFactory }) => RosInstance;
  Topic: new <T>(opts: {
    ros: RosInstance; name: string; messageType: string; throttle_rate?: number; queue_length?: number; reconnect_on_close?: boolean;
  }) => TopicInstance<T>;
  Action: new <G, F, R>(opts: { ros: RosInstance; name: string; actionType: string }) => ActionInstance<G, F, R>;
}

const lib = untyped as unknown as Roslib;
export const Ros = lib.Ros;
export const Topic = lib.Topic;
export const Action = lib.Action;

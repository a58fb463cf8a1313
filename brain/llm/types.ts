// What the brain asks of a language model, whichever server answers: the OpenAI chat-completions
// shapes (tools, text and image content), and what the brain gets back, already parsed and checked.
// The model proposes; deterministic code (brain/planning/validator, brain/dialogue) disposes.

export type JsonSchema = Record<string, unknown>;

export type ContentPart =
  | { type: 'text'; text: string }
  /** `url` is a `data:image/png;base64,…` URL: camera frames never leave as links. */
  | { type: 'image_url'; image_url: { url: string; detail?: 'low' | 'high' | 'auto' } };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema };
}

/** What the call is for: logs, figures, and which limits apply. */
export type ModelPurpose = 'plan' | 'dialogue';

export interface ChatRequest {
  purpose: ModelPurpose;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: 'auto' | 'required' | 'none';
  maxTokens?: number;
  temperature?: number;
  /** Aborts the request (a task canceled, the brain closing). */
  signal?: AbortSignal;
  /**
   * Replaces identifiers before anything leaves for an off-site endpoint and restores them in the
   * answer (brain/llm/privacy.ts). Required by the provider when the endpoint is off site.
   */
  redactor?: Redactor;
}

/** A tool call as the model sent it, with its arguments parsed; `error` says why they could not be. */
export interface ParsedToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown> | null;
  error: string | null;
}

export interface ChatReply {
  content: string | null;
  toolCalls: ParsedToolCall[];
  finishReason: string;
  /** From the server's `usage` when it sends one, else estimated (brain/llm/tokens.ts). */
  usage: { promptTokens: number; completionTokens: number; estimated: boolean };
  model: string;
  latencyMs: number;
  /** The assistant message to append to the conversation for the next turn (identifiers restored). */
  message: Extract<ChatMessage, { role: 'assistant' }>;
}

/** Where the endpoint runs: on the hospital's own network, or anywhere else. */
export type ModelSite = 'on_site' | 'off_site';

export interface ModelInfo {
  baseUrl: string;
  model: string;
  site: ModelSite;
  /** Whether the endpoint accepts image content (camera frames). */
  vision: boolean;
}

export interface ModelProvider {
  readonly info: ModelInfo;
  chat(request: ChatRequest): Promise<ChatReply>;
}

export type ModelErrorKind = 'timeout' | 'network' | 'http' | 'malformed' | 'aborted' | 'privacy';

/** Why a model call produced nothing usable; `retryable` says whether trying again could help. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(readonly kind: ModelErrorKind, message: string, readonly retryable = false, readonly status: number | null = null) {
    super(message);
  }
}

/**
 * Replaces a ward's direct identifiers (names, record numbers, birth dates, wristband codes) by
 * stable tokens such as `[PATIENT_1]` within one conversation, and puts them back.
 */
export interface Redactor {
  redact(text: string): string;
  restore(text: string): string;
  /** Restores every string inside a parsed JSON value. */
  restoreValue<T>(value: T): T;
}

/** Which mode the brain plans and talks in, as the dashboard shows it. */
export interface ModelModeInfo {
  mode: 'model' | 'deterministic';
  model: string | null;
  site: ModelSite | null;
  edgeOnly: boolean;
  /** Why no model is in use, when one was configured but refused (edge-only, bad config). */
  reason: string | null;
}

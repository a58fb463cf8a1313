// Public surface of brain/llm: the model contract, the OpenAI-compatible provider, the model
// configuration, the redactor that keeps identifiers on site, and the token estimate.
export * from './types.js';
export { OpenAiCompatibleProvider, retryAfterMs } from './openai-provider.js';
export type { OpenAiProviderOptions } from './openai-provider.js';
export { checkModelOptions, createModel, modelOptionsFromEnv, ModelConfigError, MODEL_DEFAULTS } from './model-config.js';
export type { ModelOptions } from './model-config.js';
export { createRedactor, identitiesOf, WardRedactor } from './privacy.js';
export type { WardIdentity, RedactorOptions } from './privacy.js';
export { defaultSite, displayUrl } from './site.js';
export { estimateTokens, estimateMessageTokens, IMAGE_TOKENS_LOW, IMAGE_TOKENS_HIGH } from './tokens.js';

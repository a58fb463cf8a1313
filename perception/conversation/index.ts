// Public surface of perception/conversation: the robot's turns of talk on its ears, understanding and
// voice: answers to its questions, requests after the wake phrase, "not understood" said plainly.
export { startConversation } from './conversation-loop.js';
export type { ConversationLoop, ConversationOptions, ConversationEvent, ExpectedAnswer } from './conversation-loop.js';
export { LOOP_PHRASES } from './phrases.js';
export type { LoopPhrases } from './phrases.js';

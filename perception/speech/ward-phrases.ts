// What patients say at the bedside during a ward round, in English, as JSGF rules for pocketsphinx.
// Open dictation with the general English model gets few answers right; a grammar of the answers the
// ward round actually gets (brain/workflows/round/questions.ts reads them: pain 0–10, yes/no, how they
// slept, how they get about, and "anything else") gets most of them. What the brain reads as unclear
// ("I don't know", "six or seven") is in the grammar too, so it is heard as said, not forced into a
// number. Red flags and calls for a nurse are in every grammar: a patient asked about sleep who says
// "I can't breathe" must be heard.
//
// Rules are JSGF expressions (`|` alternatives, `[ ]` optional, `( )` groups, `<rule>` references);
// every word must be in the CMU dictionary (a test checks). Numbers are words, as the dictionary has them.

export type WardRule =
  | 'num' | 'lead' | 'score' | 'scale'
  | 'yes' | 'no' | 'yes_no'
  | 'slept' | 'sleep'
  | 'aid' | 'mobility'
  | 'nothing' | 'body_part' | 'request' | 'feeling'
  | 'red_flag' | 'nurse' | 'unsure' | 'always'
  | 'free_text';

export const WARD_RULES: Record<WardRule, string> = {
  num: 'zero | one | two | three | four | five | six | seven | eight | nine | ten',

  // "about a six", "I think it's a seven", "my pain is about five", "I'd say an eight".
  lead: "[i think | i'd say | i guess] [it's | it is | my pain is | the pain is | i'm] [about | around | maybe | probably | at least] [a | an]",
  score: '<num> [or <num>] [out of ten]',
  scale: "[<lead>] <score> [now | today | right now | at the moment] [i think] | [i have] no pain [at all] | none | not at all | it doesn't hurt | it doesn't hurt at all | i'm not in pain",

  yes: "(yes | yeah | yep) [please | i do | i am | i have | i think so | a little | a bit | a little bit | sometimes | thank you] | a little [bit] | a bit | sometimes | i do | i am | i think so",
  no: "(no | nope) [thanks | thank you | i don't | i'm not | i haven't | not really | not at all | i'm fine | i'm okay] | not really | not at all | not now | not at the moment | i don't | i'm not | i'm fine | i'm okay",
  yes_no: '<yes> | <no>',

  // "I slept well", "not too bad", "I couldn't sleep", "a bad night".
  slept: "[very | really | quite | pretty | fairly | not very | not too | not so] (well | badly | poorly | good | bad) | okay | all right | so so | fine | soundly | great | terrible | terribly | awful | hardly at all | not much | like a baby",
  sleep: "[i slept] <slept> [last night] [thank you | thanks] | i (didn't | couldn't) sleep [much | well | at all] [last night] | (a good | a bad | a terrible | a rough) night",

  // "On my own", "with a walking frame", "I'm staying in bed", "I can't get up".
  aid: 'stick | walking stick | walker | walking frame | frame | zimmer frame | cane | wheelchair',
  mobility:
    "[i (walk | get about | get around | can walk | manage | go)] (on my own | by myself | without help | independently | with help | with some help | with a <aid> | with my <aid> | with crutches) | i need help [to walk | walking] | the nurses help me | [i'm | i am] [staying | stuck] in bed | i stay in bed | in bed | i can't (get up | walk) | i'm not walking",

  // "Anything else you would like to tell the nurses?"
  nothing: "(no | nothing | nothing else | no nothing else | no that's all | that's all | that's it | no that's it | no i'm fine | i'm fine | i'm okay | all good) [thank you | thanks]",
  body_part: 'back | head | leg | legs | stomach | tummy | arm | knee | hip | wound | foot | feet | neck | shoulder | throat',
  request:
    "[(can | could) i have | i'd like | i need | please bring me] (some water | a drink | a glass of water | a cup of tea | a blanket | another blanket | something to eat | some painkillers | something for the pain) [please] | i need [to go to] the (toilet | bathroom) [please] | (can | could) i see (a | the) doctor | when can i go home | when is the doctor coming | i want to go home | my <body_part> (hurts | is sore | aches) | i have a headache",
  feeling: "i'm (cold | hot | hungry | thirsty | tired | worried | scared | lonely) | i feel (sick | dizzy | unwell | tired | better | much better | a bit better | worse)",

  // The brain's red flags (brain/workflows/dialogue/red-flags.ts), in the words patients use for them.
  red_flag:
    "i have chest pain | i've got chest pain | my chest hurts | i can't breathe | i can't catch my breath | i'm short of breath | i fell [over] | i've fallen | i had a fall | i'm bleeding | my wound is bleeding | i feel confused | i don't know where i am | where am i | i want to die | i want to kill myself",
  nurse: '[please] call (a | the) nurse [please] | i need (a | the) nurse | i need help | help [me] [please]',
  unsure: "i don't know | i'm not sure | not sure | maybe | i can't remember | i don't remember | hard to say | pardon | sorry | can you say that again | what did you say",
  always: '<red_flag> | <nurse> | <unsure>',

  free_text: '<scale> | <yes_no> | <sleep> | <mobility> | <nothing> | <request> | <feeling>',
};

/** Ward-round question ids whose answers have their own rule, beyond the choices the robot offers. */
export const QUESTION_RULES: Record<string, WardRule> = { pain: 'scale', sleep: 'sleep', mobility: 'mobility', nausea: 'yes_no', breathing: 'yes_no' };

// What a patient's words ask for, by fixed bilingual rules (no model): a request for a nurse, a
// question the robot may answer from its sources, a question only a nurse may answer, or text that
// tries to instruct the robot. Red flags are not here: they are checked before this, always.
//
// Rules run in order and the first that matches decides, so the order is the policy:
//  1. instruction-like text ("open drawer 3") is refused whatever else it says;
//  2. doses, treatment changes and diagnoses go to a nurse, even when phrased as a question;
//  3. questions about medicines and conditions are answered from the sources;
//  4. requests become nurse calls, the most specific category first ("help me to the toilet" is toilet);
//  5. greetings and thanks.
// English rules read normalised speech (lower case, "don't" → "dont"); Chinese rules read it without spaces.
import { MAX_ANSWER_CHARS } from '../education/index.js';
import { compact, normaliseSpeech } from '../workflows/dialogue/normalize.js';
import type { ClinicalReason, Intent, NurseCallCategory, QuestionAbout } from './types.js';

interface Rule<T> {
  value: T;
  en: RegExp;
  zh: RegExp;
}

const MED_EN = '(medicines?|medications?|meds|tablets?|pills?|drugs?|capsules?|insulin|inhalers?|injections?|painkillers?|prescriptions?|jabs?)';

const UNTRUSTED: { en: RegExp; zh: RegExp } = {
  en: new RegExp([
    String.raw`\b(ignore|disregard|forget|override|bypass) (all |any |of |your |the |my |previous |prior |earlier |above |these |those |safety |system )*(instructions?|rules?|prompts?|programming|guidelines|restrictions|orders|commands|safety)\b`,
    String.raw`\bsystem (prompt|message|override|command|instruction)s?\b`, String.raw`^system\b`,
    String.raw`\b(maintenance|developer|debug|admin|administrator|god|service|engineering|root|unrestricted) mode\b`,
    String.raw`\b(jailbreak|sudo)\b`, String.raw`\byou are now\b`, String.raw`\bfrom now on you\b`, String.raw`\bact as\b`,
    String.raw`\bpretend (to be|you are)\b`, String.raw`\bnew instructions?\b`,
    String.raw`\b(open|unlock|unlatch|release|pop) (\w+ ){0,3}(drawers?|locks?|lockers?|cabinets?|compartments?|trays?)\b`,
    String.raw`\bunlock\b`, String.raw`\bdrawers? (number )?\d+\b`,
    String.raw`\b(give|hand|dispense|bring) me (\w+ ){0,2}(medicines?|medications?|pills|tablets|drugs|morphine|opioids?|oxycodone)\b`, String.raw`\bdispense\b`,
    String.raw`\b(run|execute|call|invoke|start) (the |a |this |that )?(command|skill|tool|function|script|code)s?\b`,
    String.raw`\bdisable (the |your |all )?(safety|safeties|checks?|alarms?|alerts?)\b`, String.raw`\b(navigate|drive) to\b`,
    String.raw`\byou (may|can|must|should|will) now\b`,
  ].join('|')),
  zh: new RegExp([
    '(忽略|无视|忘掉|忘记|不要管|别管|绕过)(之前|以前|上面|前面|所有|全部|你的|系统|安全)*的?(指令|指示|规则|命令|设定|提示|要求|限制)',
    '系统(提示|指令|消息|命令)', '提示词', '^系统', '(维护|开发者|调试|管理员|工程|上帝|超级|无限制)模式', '越狱',
    '你现在是', '从现在(起|开始)你', '扮演', '假装你是', '新的?指令',
    '(打开|开|解锁|弹出)(一下)?(第)?([0-9]+|[一二三四五六七八九十]+)?号?(抽屉|药格|药箱|柜子|锁|格子)', '([0-9]+|[一二三四五六七八九十]+)号(抽屉|药格)', '解锁',
    '(给我|拿给我|发给我|递给我)(一些|一点|点|些|我的)?(药|药片|药物|吗啡)', '执行(命令|指令|技能|任务|代码)', '(关闭|禁用)(安全|检查|报警|警报)',
  ].join('|')),
};

// Role markers and tags ("SYSTEM:", "</patient_words>") are lost in normalisation, so they are looked for in the raw text.
const RAW_UNTRUSTED = /(^|[^\p{L}])(system|assistant|developer|admin)\s*[:：]|<\/?\s*(system|assistant|patient_words|instructions?|rules|prompt)\b/iu;

const CLINICAL: readonly Rule<ClinicalReason>[] = [
  {
    value: 'dose',
    en: new RegExp([
      String.raw`\b(should|can|could|may|do|shall) i (take|use|give myself) (two|2|three|3|four|4|another|more|extra|less|a double|double|half)\b`,
      `\\b(should|can|could|may|do|shall) i have (two|2|three|3|another|more|extra|a double|double) ${MED_EN}`,
      String.raw`\bhow (much|many) (\w+ ){0,3}(should|can|do|must|shall) i (take|use|inject)\b`,
      String.raw`\b(double|increase|decrease|reduce|raise|lower|change|adjust) (my |the )?(dose|dosage|insulin|medicines?|medications?|tablets|pills)\b`,
      String.raw`\b(more|extra|higher|stronger) (dose|insulin|tablets|pills|medicines?)\b`, String.raw`\b(take|have) an extra\b`,
    ].join('|')),
    zh: /加药|加量|减量|减药|(多|少)(吃|打|用)(一|两|几|半)?(片|粒|颗|次|针|个单位)|(吃|服|用)(两|2|三|3|四|4|几)(片|粒|颗)|(要|该|能)(吃|打|用)(几片|几粒|几个单位)|药(要|该|能)?吃多少|吃多少药|打多少|剂量|加倍|翻倍|多打|少打/,
  },
  {
    value: 'treatment_change',
    en: new RegExp([
      String.raw`\b(can|should|could|may|shall) i (stop|quit|skip|miss|come off|give up|change|switch|halve|cut down)\b`,
      String.raw`\bstop (taking|using|my)\b`, String.raw`\bdo i (still |really )?(need|have) to take\b`, String.raw`\bskip (my |a |the )?(dose|tablets?|pills?|medicines?|insulin|injection)\b`,
      `\\b(can|should|could|may) i (take|have|mix|drink) (\\w+ ){0,4}(with|instead of|alongside) (\\w+ ){0,3}${MED_EN}`,
      String.raw`\b(can|should|could|may) i take (it|them|this|these|that) (with|without|before|after)\b`,
      String.raw`\b(can|should|could|may) i (take|have|mix) (\w+ ){0,3}(paracetamol|ibuprofen|aspirin|alcohol|tablets?|pills?|medicines?|medications?|drugs?|sleeping pills?)\b`,
    ].join('|')),
    zh: /停药|停(掉|了|用)|不吃(药)?(可以|行)|能(不能)?不吃|可(以)?不吃|要不要(吃|用|打)(药|针|胰岛素)|还要(吃|打)(药|针|胰岛素)吗|换(一)?(种)?药|改药|不打(胰岛素|针)?(可以|行)|能不能停|漏(吃|打|服)|药.*(一起|同时)(吃|服)|(一起|同时)(吃|服).*药|(能|可以)(吃|喝)(别的|其他)药/,
  },
  {
    value: 'diagnosis',
    en: new RegExp([
      String.raw`\b(do i have|have i got|is it|is this|is that|could it be|might it be|could i have|might i have) (a |an )?(\w+ ){0,2}(cancer|tumou?rs?|diabetes|infection|infected|disease|fracture|broken|stroke|heart attack|heart failure|pneumonia|sepsis|covid|flu|dementia|clot|blood clot|ulcer|condition|illness|serious|dangerous|contagious|normal)\b`,
      String.raw`\bam i (dying|going to die|very ill|seriously ill|getting better|getting worse)\b`, String.raw`\bwhat(s| is) wrong with me\b`,
      String.raw`\bdiagnos(is|ed|e)\b`, String.raw`\b(test|scan|x ?ray|blood) results?\b`, String.raw`\bwill i (get better|recover|die|be ok|be okay)\b`,
      String.raw`\b(cancer|tumou?r)\b`,
    ].join('|')),
    zh: /我是不是(得了|有|患)|我(得了|患了|有)什么病|是不是癌|癌|肿瘤|严不严重|要不要紧|我会(不会)?死|会不会死|我的病(怎么样|好了吗|严重吗|能好吗)|诊断|(检查|化验|验血)结果|能治好吗|能好吗/,
  },
];

const QUESTION_MARK = {
  en: /^(what|when|why|how|which|who|where|is|are|does|do|can|could|should|will|would|tell me|explain)\b|\b(what|when|why|how|which)\b|\btell me about\b|\bside effects?\b/,
  zh: /什么|怎么|为什么|吗|呢|哪|如何|多少|几|能不能|可不可以|是不是|讲讲|说说|告诉我|介绍|请问/,
};

// "Can I have a painkiller?" asks for something, even though it starts like a question.
const REQUEST_FORM = { en: /^(can|could|may) i (have|get)\b|\b(bring|get|fetch) me\b/, zh: /^(能|可以)(给|帮)我/ };

const MEDICINE = { en: new RegExp(`\\b${MED_EN}\\b`), zh: /药|胰岛素|吸入器|打针|针剂|胶囊/ };

const CONDITION = {
  en: /\b(diabetes|diabetic|sugar|sugars|glucose|blood pressure|hypertension|heart failure|heart|operation|surgery|wound|stitches|falls?|falling|inhalers?|insulin|condition|illness|disease|diet|eat|eating|salt|exercise|swelling|weight|feet|foot)\b/,
  zh: /糖尿病|血糖|低血糖|高血压|血压|心衰|心力衰竭|心脏|手术|伤口|刀口|跌倒|摔跤|防摔|吸入器|胰岛素|病|饮食|吃什么|盐|运动|浮肿|水肿|体重|脚/,
};

const QUESTION_ABOUT: readonly Rule<QuestionAbout>[] = [
  { value: 'side_effects', en: /\bside effects?\b|\bmake me (feel )?(sick|dizzy|sleepy|tired)\b|\bis it safe\b/, zh: /副作用|不良反应/ },
  {
    value: 'medicine_timing',
    en: /\bwhen (do|should|can|must|shall) i (take|use|inject)\b|\bwhat time (do|should|will) i (take|use|inject|have my)\b|\bhow often (do|should|can|must) i (take|use|inject)\b|\btimes a day\b|\bwhen is my next (dose|injection|tablet|pill|medicine|insulin)\b/,
    zh: /(药|针|胰岛素).{0,6}(什么时候|几点|一天几次|多久一次)|(什么时候|几点)(吃|用|打|服)(药|针|胰岛素)|一天(吃|用|打)几次|下一次(吃药|打针)/,
  },
  {
    value: 'medicine_purpose',
    en: /\bwhat (is|are|s) (my |this |these |that |the )?(\w+ ){0,3}for\b|\bwhy (do|am|should|must) i (take|taking|have|on|need|use)\b|\bwhat does (\w+ ){1,3}do\b/,
    zh: /干什么(用)?的|做什么用|治什么|有什么用|什么作用|为什么要(吃|用|打)|是什么药/,
  },
];

const NURSE_CALLS: readonly Rule<Exclude<NurseCallCategory, 'question' | 'clinical_question'>>[] = [
  {
    value: 'toilet',
    en: /\b(toilet|bathroom|loo|restroom|lavatory|bedpan|commode|urinal|pee|wee|poo|poop|potty)\b|\bneed to (go|pass water|urinate|empty my bladder)\b/,
    zh: /厕所|卫生间|洗手间|小便|大便|尿尿|拉屎|便盆|尿壶|解手|尿急|方便一下/,
  },
  { value: 'water', en: /\b(water|thirsty|drink|drinks|juice|tea|coffee)\b/, zh: /喝水|要水|杯水|点水|口渴|渴了|好渴|很渴|渴死|喝的|倒水|开水|温水|喝点|喝口/ },
  {
    value: 'pain',
    en: /(?<!\b(no|not in|doesnt|dont|not|isnt) )\b(pain|painful|hurts?|hurting|aching|aches|ache|sore|painkillers?|pain relief|agony)\b/,
    zh: /(?<!不|没|没有|不怎么)(疼|痛)|止痛|止疼/,
  },
  { value: 'cold', en: /\b(cold|freezing|chilly|shivering|blankets?|warmer|heater)\b/, zh: /冷(?!静|饮)|被子|毯子|盖的|暖和/ },
  {
    value: 'help_moving',
    en: /\bhelp (me )?(to )?(get|getting|sit|sitting|stand|standing|move|moving|turn|turning|roll|walk|walking|lie|lying)\b|\bget (me )?(out of|into|up from) (the )?(bed|chair)\b|\bturn over\b|\breposition\b|\bwheelchair\b|\bwalking frame\b|\bzimmer\b|\bsit up\b|\bcant get up\b/,
    zh: /扶我|扶一下|翻身|起床|坐起来|躺下|下床|上床|轮椅|挪一下|挪挪|帮我起来|起不来|助行器/,
  },
  {
    value: 'unwell',
    en: /\b(i feel|feeling|i am|im|i m) (\w+ )?(sick|unwell|ill|dizzy|faint|nauseous|nauseated|shaky|sweaty|weak|awful|terrible|bad|hot|feverish)\b|\b(vomit|vomiting|threw up|throw up|throwing up|nausea|fever)\b/,
    zh: /不舒服|难受|头晕|恶心|想吐|吐了|发烧|发热|发抖|手抖|出冷汗|心慌|没力气/,
  },
  { value: 'call_nurse', en: /\b(nurse|nurses|doctor|sister|someone|somebody|anyone|anybody|help)\b/, zh: /护士|医生|大夫|叫人|来人|帮帮我|帮我叫|救命|有人吗/ },
  {
    value: 'other',
    en: /\b(i need|i want|i would like|id like|can i have|could i have|can you (get|bring|fetch)|could you (get|bring|fetch)|please (get|bring|fetch)|bring me|get me|fetch me)\b/,
    zh: /我需要|我要|我想要|帮我拿|给我拿|帮我(把|找)|麻烦(你)?(帮|拿|给)|给我(?!讲|说)/,
  },
];

const GREETING = { en: /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|morning)\b/, zh: /^(你好|您好|早上好|上午好|下午好|晚上好|嗨|哈喽)/ };
const THANKS = { en: /\b(thank you|thanks|thank u|cheers)\b/, zh: /谢谢|多谢|感谢/ };

interface Heard {
  en: string;
  zh: string;
}

const hits = (h: Heard, r: { en: RegExp; zh: RegExp }) => r.en.test(h.en) || r.zh.test(h.zh);
const first = <T>(h: Heard, rules: readonly Rule<T>[]) => rules.find((r) => hits(h, r))?.value;

export interface ClassifyOptions {
  /** Names from the patient's own medication orders ("metformin"): questions naming them are about medicine. */
  medicineNames?: readonly string[];
}

export function classify(utterance: string, opts: ClassifyOptions = {}): Intent {
  const h: Heard = { en: normaliseSpeech(utterance), zh: compact(utterance) };
  if (h.en === '') return { kind: 'unknown' };
  if (hits(h, UNTRUSTED) || RAW_UNTRUSTED.test(String(utterance).slice(0, MAX_ANSWER_CHARS))) return { kind: 'untrusted_instruction' };
  const reason = first(h, CLINICAL);
  if (reason) return { kind: 'clinical_question_for_nurse', reason };
  const about = questionAbout(h, opts.medicineNames ?? []);
  if (about) return { kind: 'question', about };
  const category = first(h, NURSE_CALLS);
  if (category) return { kind: 'nurse_call', category };
  if (hits(h, GREETING)) return { kind: 'greeting' };
  if (hits(h, THANKS)) return { kind: 'thanks' };
  return { kind: 'unknown' };
}

function questionAbout(h: Heard, medicineNames: readonly string[]): QuestionAbout | null {
  const about = first(h, QUESTION_ABOUT);
  // "When do I take it?" and "side effects?" are about medicine even without naming one.
  if (about === 'medicine_timing' || about === 'side_effects') return about;
  if (!hits(h, QUESTION_MARK) || (about === undefined && hits(h, REQUEST_FORM))) return null;
  const words = ` ${h.en} `;
  const namesMedicine = hits(h, MEDICINE) || medicineNames.some((n) => n !== '' && (words.includes(` ${n} `) || h.zh.includes(n)));
  if (namesMedicine) return about ?? 'medicine';
  if (hits(h, CONDITION)) return 'condition';
  return null;
}

// Every text the patient screen shows besides the robot's own words. Patients may read either
// language, so each text is shown in both, side by side: Chinese first, then English.
export type Lang = 'zh-CN' | 'en';
export type Words = Readonly<Record<Lang, string>>;

export const WORDS = {
  title: { 'zh-CN': '病房机器人', en: 'Ward robot' },
  callNurse: { 'zh-CN': '呼叫护士', en: 'Call a nurse' },
  nurseCalled: { 'zh-CN': '已呼叫护士，护士会过来', en: 'A nurse has been called and will come' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
  nothingMore: { 'zh-CN': '没有了', en: 'Nothing more' },
  painNone: { 'zh-CN': '0 = 不痛', en: '0 = no pain' },
  painWorst: { 'zh-CN': '10 = 最痛', en: '10 = worst pain' },
  touchAnswer: { 'zh-CN': '请点选您的回答', en: 'Touch your answer' },
  typeAnswer: { 'zh-CN': '或者输入您的回答', en: 'Or type your answer' },
  send: { 'zh-CN': '发送', en: 'Send' },
  sent: { 'zh-CN': '已发送您的回答', en: 'Your answer was sent' },
  heldUntilListening: { 'zh-CN': '已收到，机器人说完后就会听到', en: 'Got it: the robot will hear it when it finishes speaking' },
  sendFailed: { 'zh-CN': '没有发送成功，请再按一次，或呼叫护士', en: 'That did not go through. Please try again, or call a nurse' },
  idle: { 'zh-CN': '您好！需要帮助时，请按“呼叫护士”', en: 'Hello! If you need help, press “Call a nurse”' },
  connecting: { 'zh-CN': '正在连接机器人…', en: 'Connecting to the robot…' },
  notPaired: { 'zh-CN': '此屏幕尚未与机器人配对，请护士帮忙配对', en: 'This screen is not paired with a robot. Please ask a nurse to pair it' },
  micStart: { 'zh-CN': '打开麦克风', en: 'Turn on the microphone' },
  micLevel: { 'zh-CN': '麦克风音量', en: 'Microphone level' },
} as const satisfies Record<string, Words>;

export type WordKey = keyof typeof WORDS;

/** The text in the language the robot speaks, for answers sent as the patient's words. */
export const inLanguage = (key: WordKey, lang: Lang): string => WORDS[key][lang];

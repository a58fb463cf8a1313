// What the robot says, in both languages, written once. Short sentences: they are spoken aloud.
import type { Language } from '../../../robot/index.js';

type Phrase<A extends unknown[]> = Record<Language, (...args: A) => string>;

const p = <A extends unknown[]>(en: (...args: A) => string, zh: (...args: A) => string): Phrase<A> => ({ en, 'zh-CN': zh });

export const PHRASES = {
  greeting: p((name: string) => `Hello ${name}. I am the ward robot. The nurses asked me to check how you are.`,
    (name: string) => `${name}您好，我是病房机器人。护士让我来看看您今天感觉怎么样。`),
  roundThanks: p(() => 'Thank you. I will pass your answers to the nurses. Press the call button if you need anyone.',
    () => '谢谢您。我会把您的回答转告护士。如果需要帮助，请按呼叫按钮。'),
  nurseInformed: p(() => 'I have told a nurse. Someone will come to see you soon.', () => '我已经通知护士了，很快会有人来看您。'),
  deliveryHello: p(() => 'Hello. I have brought medication for you from the pharmacy.', () => '您好，我从药房给您送药来了。'),
  askIdentity: p(() => 'To make sure it is for you, please tell me your full name and your date of birth.', () => '为了确认身份，请告诉我您的全名和出生日期。'),
  identityThanks: p(() => 'Thank you. A nurse will come to give you your medication.', () => '谢谢。护士马上来给您发药。'),
  cannotHandOver: p(() => 'I am sorry, I cannot hand over this medication now. A nurse will come to see you.', () => '抱歉，我现在不能把药交给您。护士会来看您。'),
  nurseTakeDrawer: p((drawer: number) => `Nurse, drawer ${drawer} is open. Please take the medication and close the drawer.`,
    (drawer: number) => `护士您好，${drawer}号药格已打开，请取药后关好药格。`),
  onlyNurse: p(() => 'Only a nurse can receive this medication. Please ask a nurse to sign in.', () => '只有护士可以接收这份药品，请让护士登录。'),
  signInPurpose: p((bed: string) => `Nurse sign-in: receive medication for ${bed}`, (bed: string) => `护士登录：接收${bed}的药品`),
  educationHello: p((name: string, topic: string) => `Hello ${name}. I would like to talk with you for a few minutes about ${topic}.`,
    (name: string, topic: string) => `${name}您好，我想花几分钟和您聊聊${topic}。`),
  educationDone: p(() => 'Thank you for listening. You can ask your nurse any question at any time.', () => '谢谢您的耐心。有任何问题，随时可以问护士。'),
  educationRepeat: p(() => 'Let us go over some of this again another day.', () => '有些内容我们改天再复习一下。'),
} as const;

export function say<A extends unknown[]>(phrase: Phrase<A>, language: Language, ...args: A): string {
  return phrase[language](...args);
}

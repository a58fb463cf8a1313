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
  // Patient dialogue (brain/dialogue). Red-flag replies are calm and give no medical advice.
  dialogueAck: p(() => 'Let me check.', () => '我查一下。'),
  redFlagSuicide: p(() => 'I am here with you. A nurse is coming to see you right now.', () => '我在这里陪着您。护士马上就来看您。'),
  redFlagChestPain: p(() => 'I have called a nurse. Someone is coming to you right now.', () => '我已经叫护士了，马上就有人来看您。'),
  redFlagBreathing: p(() => 'I have called a nurse. Someone is coming to you right now.', () => '我已经叫护士了，马上就有人来看您。'),
  redFlagBleeding: p(() => 'I have called a nurse. Someone is coming to you right now.', () => '我已经叫护士了，马上就有人来看您。'),
  redFlagFall: p(() => 'I have called a nurse. Please stay where you are. Someone is coming to help you.', () => '我已经叫护士了。请先别动，马上有人来帮您。'),
  redFlagConfusion: p(() => 'You are in hospital, and you are safe. A nurse is coming to see you now.', () => '您在医院里，很安全。护士马上来看您。'),
  callWater: p(() => 'I have asked a nurse to bring you some water.', () => '我已经请护士给您送水来。'),
  callToilet: p(() => 'I have asked a nurse to help you to the toilet. Please wait for them before you get up.', () => '我已经请护士来扶您去卫生间。请等护士来了再起身。'),
  callPain: p(() => 'I have told a nurse that you are in pain. Someone will come to see you soon.', () => '我已经告诉护士您很疼，很快会有人来看您。'),
  callNurse: p(() => 'I have told a nurse. Someone will come to see you soon.', () => '我已经通知护士了，很快会有人来看您。'),
  callCold: p(() => 'I have asked a nurse to bring you a blanket.', () => '我已经请护士给您拿条毯子来。'),
  callHelpMoving: p(() => 'I have asked a nurse to come and help you move. Please wait for them.', () => '我已经请护士来帮您挪动，请等护士来。'),
  callUnwell: p(() => 'I have told a nurse that you feel unwell. Someone will come to see you soon.', () => '我已经告诉护士您不舒服，很快会有人来看您。'),
  callOther: p(() => 'I have passed your request to a nurse. Someone will come soon.', () => '我已经把您的要求转告护士，很快会有人来。'),
  clinicalForNurse: p(() => 'That is a question for your nurse or doctor. I have asked a nurse to come and talk with you.',
    () => '这个问题要问护士或医生。我已经请护士来和您谈。'),
  answerNotFound: p(() => 'I do not have an answer to that. I have asked a nurse to come and help you.', () => '这个问题我答不上来。我已经请护士来帮您。'),
  untrustedRefusal: p(() => 'Sorry, I cannot do that. If you need something, ask me to call a nurse.', () => '抱歉，这个我做不到。如果需要帮助，可以让我叫护士。'),
  dialogueGreeting: p(() => 'Hello. I am the ward robot. I can call a nurse for you, or tell you about your care.',
    () => '您好，我是病房机器人。我可以帮您叫护士，也可以给您讲讲护理知识。'),
  dialogueThanks: p(() => 'You are welcome.', () => '不客气。'),
  notUnderstood: p(() => 'Sorry, I did not understand. You can ask me to call a nurse.', () => '抱歉，我没听明白。您可以让我叫护士。'),
  recordMedicines: p((lines: string) => `Your record lists ${lines}. Your nurse can tell you more.`, (lines: string) => `您的医嘱记录是：${lines}。护士可以告诉您更多。`),
  noMedicinesOnRecord: p(() => 'I cannot find a medicine order in your record. I have asked a nurse to come and help you.',
    () => '您的病历里没有查到用药记录。我已经请护士来帮您。'),
  askNurseMore: p(() => 'Your nurse can tell you more.', () => '更多情况可以问护士。'),
} as const;

export function say<A extends unknown[]>(phrase: Phrase<A>, language: Language, ...args: A): string {
  return phrase[language](...args);
}

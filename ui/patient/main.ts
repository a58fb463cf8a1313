// The patient screen: the robot's tablet. It shows, large, what the robot is saying; while the robot
// asks something, big touch answers for that kind of question; "Call a nurse" always; and nothing
// the robot does not say aloud itself. The tablet is paired with one robot by a screen token in
// its URL (`/patient/#robot=robot_1&token=…`, from POST /api/robots/:robot/screen-pairing), and
// follows the robot live over socket.io (namespace /screen).
import './style.css';
import { io, type Socket } from 'socket.io-client';
import { answerOptions, pairingFromHash, toScreenState, type AnswerOption, type ScreenQuestion, type ScreenState } from './answers.js';
import { bilingual, byId, el, fillWords } from './dom.js';
import { setUpMicrophone } from './mic.js';
import { NotPaired, screenApi, type ScreenApi } from './screen-api.js';
import { WORDS, type Words } from './words.js';

const ui = {
  status: byId('status'),
  screen: byId('screen'),
  sayingText: byId('saying-text'),
  answers: byId('answers'),
  buttons: byId('answer-buttons'),
  freeText: byId<HTMLFormElement>('free-text'),
  freeTextInput: byId<HTMLInputElement>('free-text-input'),
  answerStatus: byId('answer-status'),
  notPaired: byId('not-paired'),
  foot: byId('foot'),
  mic: byId('mic'),
  nurseCalled: byId('nurse-called'),
  callNurse: byId<HTMLButtonElement>('call-nurse'),
};

fillWords(document);

const say = (node: HTMLElement, words: Words | null) => node.replaceChildren(...(words ? [bilingual(words)] : []));

function showNotPaired(): void {
  ui.screen.hidden = true;
  ui.foot.hidden = true;
  ui.notPaired.hidden = false;
  say(ui.status, null);
}

/** The question the buttons were built for: a new ask (or the same one asked again) rebuilds them. */
let shownQuestion: ScreenQuestion | null = null;
let answered = false;

function sameQuestion(a: ScreenQuestion | null, b: ScreenQuestion | null): boolean {
  return !!a && !!b && a.id === b.id && a.text === b.text && a.kind === b.kind && a.language === b.language && a.choices.join('\n') === b.choices.join('\n');
}

function render(state: ScreenState, api: ScreenApi): void {
  if (state.saying) {
    ui.sayingText.replaceChildren(state.saying.text);
    ui.sayingText.lang = state.saying.language;
    ui.sayingText.classList.remove('idle');
  } else {
    ui.sayingText.replaceChildren(bilingual(WORDS.idle));
    ui.sayingText.removeAttribute('lang');
    ui.sayingText.classList.add('idle');
  }
  ui.nurseCalled.hidden = !state.nurse_called;
  say(ui.nurseCalled, state.nurse_called ? WORDS.nurseCalled : null);

  const q = state.question;
  if (!sameQuestion(q, shownQuestion)) {
    shownQuestion = q;
    answered = false;
    buildAnswers(q, api);
  } else if (q) {
    ui.answers.dataset['listening'] = String(q.listening);
  }
}

function buildAnswers(q: ScreenQuestion | null, api: ScreenApi): void {
  say(ui.answerStatus, null);
  ui.freeTextInput.value = '';
  if (!q) {
    ui.answers.hidden = true;
    ui.buttons.replaceChildren();
    return;
  }
  ui.answers.hidden = false;
  ui.answers.dataset['kind'] = q.kind;
  ui.answers.dataset['listening'] = String(q.listening);
  const options = answerOptions(q);
  const buttons = options.map((option) => answerButton(option, q, api));
  if (q.kind === 'scale') {
    const scale = el('div', { class: 'scale' }, ...buttons);
    // What 0 and 10 mean is known for the pain question; another scale's ends are in its own words.
    if (/pain/i.test(q.id)) {
      ui.buttons.replaceChildren(scale, el('div', { class: 'scale-ends' }, el('span', {}, bilingual(WORDS.painNone)), el('span', {}, bilingual(WORDS.painWorst))));
    } else {
      ui.buttons.replaceChildren(scale);
    }
  } else {
    ui.buttons.replaceChildren(...buttons);
  }
  ui.freeText.hidden = q.kind !== 'free_text';
  // The text box and its button outlive each question: a new question opens them again.
  setAnswersDisabled(false);
  ui.freeText.onsubmit = (event) => {
    event.preventDefault();
    const text = ui.freeTextInput.value.trim();
    if (text) void send(text, q, api, null);
  };
}

function answerButton(option: AnswerOption, q: ScreenQuestion, api: ScreenApi): HTMLButtonElement {
  const label = 'bilingual' in option.label ? bilingual(option.label.bilingual) : el('span', { lang: option.label.lang }, option.label.text);
  const button = el('button', { type: 'button', class: `answer ${option.role}`, 'data-answer': option.send, 'aria-pressed': 'false' }, label);
  if (option.role === 'scale') button.style.setProperty('--point', option.send);
  button.addEventListener('click', () => { void send(option.send, q, api, button); });
  return button;
}

function setAnswersDisabled(disabled: boolean): void {
  for (const control of ui.answers.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) control.disabled = disabled;
}

async function send(text: string, q: ScreenQuestion, api: ScreenApi, button: HTMLButtonElement | null): Promise<void> {
  if (answered) return;
  answered = true;
  setAnswersDisabled(true);
  button?.setAttribute('aria-pressed', 'true');
  try {
    const { delivered } = await api.answer(text, q.id);
    if (shownQuestion === q) say(ui.answerStatus, delivered === 'now' ? WORDS.sent : WORDS.heldUntilListening);
  } catch (err) {
    if (err instanceof NotPaired) return showNotPaired();
    if (shownQuestion !== q) return;
    answered = false;
    setAnswersDisabled(false);
    button?.setAttribute('aria-pressed', 'false');
    say(ui.answerStatus, WORDS.sendFailed);
  }
}

function follow(token: string, api: ScreenApi): Socket {
  const socket = io('/screen', { auth: { token } });
  socket.on('connect', () => say(ui.status, null));
  socket.on('screen', (data: unknown) => {
    const state = toScreenState(data);
    if (state) render(state, api);
  });
  socket.on('connect_error', (err: Error) => {
    if (/not paired/.test(err.message)) {
      socket.disconnect();
      showNotPaired();
    } else {
      say(ui.status, WORDS.connecting);
    }
  });
  socket.on('disconnect', (reason: string) => {
    say(ui.status, WORDS.connecting);
    // The brain ends the socket of a screen whose pairing was revoked or replaced.
    if (reason === 'io server disconnect') {
      api.state().then(() => socket.connect(), (err: unknown) => { if (err instanceof NotPaired) showNotPaired(); else socket.connect(); });
    }
  });
  return socket;
}

async function main(): Promise<void> {
  const pairing = pairingFromHash(location.hash);
  addEventListener('hashchange', () => location.reload());
  if (!pairing) return showNotPaired();
  const api = screenApi(pairing.token);
  say(ui.status, WORDS.connecting);
  ui.callNurse.addEventListener('click', () => {
    ui.callNurse.disabled = true;
    api.callNurse().then(
      () => { ui.nurseCalled.hidden = false; say(ui.nurseCalled, WORDS.nurseCalled); },
      (err: unknown) => {
        if (err instanceof NotPaired) return showNotPaired();
        ui.nurseCalled.hidden = false;
        say(ui.nurseCalled, WORDS.sendFailed);
      },
    ).finally(() => { ui.callNurse.disabled = false; });
  });
  try {
    render(await api.state(), api);
  } catch (err) {
    if (err instanceof NotPaired) return showNotPaired();
    // The brain is unreachable for now: the live connection keeps trying and fills the screen when it can.
  }
  follow(pairing.token, api);
  const stopMic = setUpMicrophone(ui.mic);
  addEventListener('pagehide', stopMic);
}

void main();

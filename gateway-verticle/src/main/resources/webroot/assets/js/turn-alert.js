// A turn one cannot miss. When the waiting room lets the buyer in, the page sends a system notification (when the
// buyer allowed them and the tab is out of sight), beeps (Web Audio, no sound file), vibrates a phone and flashes the
// tab's title until the tab is looked at again. Permission is asked for only on the buyer's own click, and the
// automatic ask when entering a line happens once per browser: no nagging.
import { t } from './i18n.js';

const ASKED = 'tp.alert.asked';
const FLASH_MS = 1000;
const VIBRATION = [200, 100, 200, 100, 400];

let audio = null;
let flashTimer = null;
let flashText = null;
let baseTitle = null;

/** 'granted', 'denied', 'default' (not decided yet) or 'unsupported'. */
export function notificationState() {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/** On a click: readies the sound and asks for notifications if the buyer has not decided yet. The decision. */
export async function enableAlerts() {
  readySound();
  if (notificationState() !== 'default') return notificationState();
  remember();
  try {
    return await Notification.requestPermission();
  } catch {
    return notificationState();
  }
}

/** On the click that enters a line: as enableAlerts, but asks only the first time ever (a declined prompt stays so). */
export function enableAlertsOnce() {
  readySound();
  let asked = false;
  try {
    asked = localStorage.getItem(ASKED) !== null;
  } catch {
    asked = true; // nowhere to remember it: the waiting room's button asks instead
  }
  if (!asked) enableAlerts();
}

function remember() {
  try {
    localStorage.setItem(ASKED, String(Date.now()));
  } catch {
    // Not remembered: the next entry may ask again, still only on a click.
  }
}

/**
 * Browsers let a page play sound only after a click or key press; an audio context made (or resumed) then keeps
 * that right, so the beep can play later, when the turn comes with nobody touching the page.
 */
export function readySound() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  try {
    audio ??= new Context();
    if (audio.state === 'suspended') audio.resume().catch(() => {});
  } catch {
    audio = null;
  }
}

/** Every way at once: the buyer may be in another tab, another app, or away from the screen. */
export function announceTurn(showTitle) {
  notify(showTitle);
  beep();
  if (typeof navigator.vibrate === 'function') navigator.vibrate(VIBRATION);
  flashTitle(t('alert.flash'));
}

function notify(showTitle) {
  if (notificationState() !== 'granted' || (!document.hidden && document.hasFocus())) return;
  try {
    const note = new Notification(t('alert.title'), {
      body: t('alert.body', { show: showTitle || 'TicketPing' }), tag: 'ticketping-turn', requireInteraction: true,
    });
    note.addEventListener('click', () => {
      window.focus();
      note.close();
    });
  } catch {
    // Android's Chrome shows notifications only through a service worker: the beep, vibration and title still tell.
  }
}

/** Two short rising tones. */
function beep() {
  readySound();
  if (!audio) return;
  try {
    const start = audio.currentTime + 0.05;
    [[0, 880], [0.28, 1320]].forEach(([offset, frequency]) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.25);
    });
  } catch {
    // No sound device: the other signals remain.
  }
}

/** While the tab is hidden its title alternates with `text`; the page's own titles (it moves on) are kept. */
function flashTitle(text) {
  if (!document.hidden) return;
  stopFlashing();
  flashText = text;
  baseTitle = document.title;
  document.title = text;
  flashTimer = setInterval(() => {
    if (document.title === flashText) {
      document.title = baseTitle;
    } else {
      baseTitle = document.title;
      document.title = flashText;
    }
  }, FLASH_MS);
  document.addEventListener('visibilitychange', onVisible);
}

function onVisible() {
  if (!document.hidden) stopFlashing();
}

function stopFlashing() {
  if (flashTimer === null) return;
  clearInterval(flashTimer);
  flashTimer = null;
  if (document.title === flashText) document.title = baseTitle;
  document.removeEventListener('visibilitychange', onVisible);
}

// Who is logged in, and the queue passes and payment keys of this tab. Kept in sessionStorage: one login per tab,
// gone when the tab closes; the refresh token stays in its HttpOnly cookie where scripts cannot read it.

const TOKEN = 'tp.token';
const EMAIL = 'tp.email';

function claims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return null;
  }
}

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  get email() {
    return sessionStorage.getItem(EMAIL);
  },
  get loggedIn() {
    return Boolean(this.token);
  },
  /** Expired, or about to: worth a refresh before (or after) a call. */
  get tokenStale() {
    const c = this.token && claims(this.token);
    return Boolean(c && c.exp && c.exp * 1000 < Date.now() + 10_000);
  },
  get isAdmin() {
    return this.hasRole('ADMIN');
  },
  /** An organiser runs the shows it created: their waiting rooms and sales. */
  get isOrganiser() {
    return this.hasRole('ORGANISER');
  },
  /** Sees the admin pages: an admin for every show, an organiser for its own. */
  get isStaff() {
    return this.isAdmin || this.isOrganiser;
  },
  hasRole(role) {
    const c = this.token && claims(this.token);
    return Boolean(c && Array.isArray(c.roles) && c.roles.includes(role));
  },
  signIn(token, email) {
    sessionStorage.setItem(TOKEN, token);
    if (email) sessionStorage.setItem(EMAIL, email);
  },
  clear() {
    sessionStorage.clear();
  },

  /** The queue pass of a show while it is valid (it lets the buyer pick seats), else null. */
  pass(showId) {
    const saved = this.lastPass(showId);
    return saved && saved.expiresAt > Date.now() ? saved : null;
  },
  /** The show's last queue pass, even once its turn ended: paying for seats it held works while the hold lasts. */
  lastPass(showId) {
    return JSON.parse(sessionStorage.getItem(`tp.pass.${showId}`) || 'null');
  },
  savePass(showId, pass, expiresAt) {
    sessionStorage.setItem(`tp.pass.${showId}`, JSON.stringify({ pass, expiresAt }));
  },
  /** The turn is over: no more picking seats with this pass, though it still pays the holds made with it. */
  endPass(showId) {
    const saved = this.lastPass(showId);
    if (saved) this.savePass(showId, saved.pass, 0);
  },

  /** One Idempotency-Key per payment attempt: a retry after a lost answer reuses it and is never charged twice. */
  paymentKey(orderId) {
    const name = `tp.pay.${orderId}`;
    let key = sessionStorage.getItem(name);
    if (!key) {
      key = crypto.randomUUID();
      sessionStorage.setItem(name, key);
    }
    return key;
  },
  newPaymentAttempt(orderId) {
    sessionStorage.removeItem(`tp.pay.${orderId}`);
  },
};

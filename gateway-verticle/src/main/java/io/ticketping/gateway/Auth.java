package io.ticketping.gateway;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.gateway.users.PasswordHasher;
import io.ticketping.gateway.auth.Sessions;

/** What logging in and checking tokens need: the password hasher, the access tokens and the sessions. */
record Auth(PasswordHasher hasher, AccessTokens accessTokens, Sessions sessions) {
}

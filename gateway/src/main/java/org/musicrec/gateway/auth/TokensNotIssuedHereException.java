package org.musicrec.gateway.auth;

/** RS256 mode: user tokens come from the identity provider, not from the gateway. */
public class TokensNotIssuedHereException extends RuntimeException {
    TokensNotIssuedHereException() {
        super("this gateway verifies RS256 tokens of the identity provider and issues none itself");
    }
}

package dev.escu.pssession.web.security;

import java.util.Locale;

/** What a caller may do. admin includes analyst and ingest. */
public enum Role {
    INGEST, ANALYST, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    public static Role of(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}

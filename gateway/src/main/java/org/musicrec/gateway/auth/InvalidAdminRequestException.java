package org.musicrec.gateway.auth;

import java.util.List;
import java.util.Map;

/** Bad fields in an admin request, each named. */
public class InvalidAdminRequestException extends RuntimeException {

    private final List<Map<String, String>> errors;

    InvalidAdminRequestException(List<Map<String, String>> errors) {
        super(errors.stream().map(e -> e.get("field") + ": " + e.get("message")).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request"));
        this.errors = List.copyOf(errors);
    }

    public List<Map<String, String>> errors() {
        return errors;
    }
}

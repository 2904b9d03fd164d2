package org.musicrec.gateway.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which caller may use which route; the one place these rules are written. */
final class AccessPolicy {

    /** The outcome for one request. */
    sealed interface Decision {
        record Allow() implements Decision {
        }

        /** The key is fine but this route needs a user token too: 401. */
        record NeedUser(String detail) implements Decision {
        }

        /** 403. */
        record Deny(String detail) implements Decision {
        }
    }

    private static final Pattern USER_ROUTE = Pattern.compile("^/api/v1/users/([^/]+)(/.*)?$");

    private AccessPolicy() {
    }

    /** {@code path} is the decoded path that routing matches (no path parameters, no dot segments). */
    static Decision decide(String method, String path, Caller caller) {
        if (path.equals("/api/v1/admin") || path.startsWith("/api/v1/admin/")) {
            return caller.admin() ? new Decision.Allow()
                    : new Decision.Deny("admin routes need an admin key or a token with the admin role");
        }
        Matcher user = USER_ROUTE.matcher(path);
        if (user.matches()) {
            String userId = user.group(1);
            if (caller.mayActFor(userId)) {
                return new Decision.Allow();
            }
            return caller.user() == null
                    ? new Decision.NeedUser("an app key acts for a user only with that user's token "
                    + "(Authorization: Bearer)")
                    : new Decision.Deny("this token is for user '" + shown(caller.user().userId())
                    + "'; it may not read or act for user '" + shown(userId) + "'");
        }
        if (path.equals("/api/v1/events")) {
            // the userId of each event is checked against the caller once the body is read
            return caller.trusted() || caller.user() != null ? new Decision.Allow()
                    : new Decision.NeedUser("posting events with an app key needs the user's token "
                    + "(Authorization: Bearer)");
        }
        if (path.startsWith("/api/v1/tracks/") && !"GET".equals(method) && !"HEAD".equals(method)) {
            return caller.trusted() ? new Decision.Allow()
                    : new Decision.Deny("catalogue writes need a trusted key");
        }
        return new Decision.Allow();
    }

    /** An id as it may appear in an answer: cut, since a token's subject is not bound by the id rules. */
    private static String shown(String id) {
        return id == null || id.length() <= 64 ? id : id.substring(0, 64) + "...";
    }
}

package org.musicrec.gateway.routing;

import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;

/** Small predicates the route table reads better with. */
final class RequestPredicatesSupport {

    private RequestPredicatesSupport() {
    }

    /** The path is {@code prefix} or lies below it. */
    static RequestPredicate pathStartsWith(String prefix) {
        return RequestPredicates.path(prefix).or(RequestPredicates.path(prefix + "/**"));
    }
}

package org.musicrec.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

class PathFirewallTests {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/admin;x=1/api-keys", "/api/v1/admin%3bx/api-keys", "/api/v1/a%2Fb",
            "/api/v1/a%2fb", "/api/v1/a%5Cb", "/api/v1/a\\b", "/api/v1/%2e%2e/admin", "/api/v1/%2E/x",
            "/api/v1/%252e", "/api/v1/a%00", "/api/v1//admin", "//api", "/api/./v1", "/api/v1/../admin",
            "/api/v1/x/..", "/api/v1/x/.", "/api/v1/%0a", "/api/v1/%zz", "api/v1/x", ""})
    void refusesPathsThatCouldBeReadTwoWays(String raw) {
        assertThat(PathFirewall.problemsWith(raw)).as(raw).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/tracks/t-1", "/api/v1/users/user.2/recommendations",
            "/api/v1/tracks/a..b/similar", "/api/v1/tracks/.hidden", "/api/v1/tracks/caf%C3%A9", "/api/v1/%61dmin"})
    void acceptsPlainPaths(String raw) {
        assertThat(PathFirewall.problemsWith(raw)).as(raw).isEmpty();
    }

    @Test
    void namesEveryProblemItFinds() {
        assertThat(PathFirewall.problemsWith("/api/v1/admin;x/%2e%2e//x"))
                .anyMatch(p -> p.contains("path parameter")).anyMatch(p -> p.contains("encoded dot"))
                .anyMatch(p -> p.contains("empty segment"));
        assertThat(PathFirewall.refusal(PathFirewall.problemsWith("/a;b")).getType().toString())
                .isEqualTo("/problems/invalid-path");
    }

    @Test
    void theAcceptedPathIsTheDecodedPathRoutingMatches() {
        assertThat(PathFirewall.acceptedPath(new MockHttpServletRequest("GET", "/api/v1/%61dmin/api-keys")))
                .hasValue("/api/v1/admin/api-keys");
        assertThat(PathFirewall.acceptedPath(new MockHttpServletRequest("GET", "/api/v1/admin;x/api-keys"))).isEmpty();
    }

    @Test
    void aContentTypeMustNameOneConcreteType() {
        assertThat(PathFirewall.contentTypeProblem(null)).isEmpty();
        assertThat(PathFirewall.contentTypeProblem("application/json; charset=utf-8")).isEmpty();
        assertThat(PathFirewall.contentTypeProblem("audio/ogg")).isEmpty();
        assertThat(PathFirewall.contentTypeProblem("*/*")).get().asString().contains("wildcard");
        assertThat(PathFirewall.contentTypeProblem("audio/*")).get().asString().contains("wildcard");
        assertThat(PathFirewall.contentTypeProblem("garbage")).get().asString().contains("not a media type");
        assertThat(PathFirewall.contentTypeProblem("x".repeat(5000)).get()).hasSizeLessThan(300);
    }

    @Test
    void bodiesAreUtf8AndUncompressed() {
        assertThat(PathFirewall.contentTypeProblem("application/json;charset=UTF-8")).isEmpty();
        assertThat(PathFirewall.contentTypeProblem("application/json; charset=us-ascii")).isEmpty();
        assertThat(PathFirewall.contentTypeProblem("application/json; charset=utf-16")).get().asString()
                .contains("UTF-16").contains("bodies are UTF-8");
        assertThat(PathFirewall.contentTypeProblem("application/json; charset=UTF-32BE")).isPresent();
        assertThat(PathFirewall.contentTypeProblem("application/json; charset=no-such-charset")).isPresent();

        assertThat(PathFirewall.contentEncodingProblem(null)).isEmpty();
        assertThat(PathFirewall.contentEncodingProblem(java.util.Collections.enumeration(List.of("identity")))).isEmpty();
        assertThat(PathFirewall.contentEncodingProblem(java.util.Collections.enumeration(List.of("gzip"))))
                .get().asString().contains("'gzip' is not supported");
        assertThat(PathFirewall.contentEncodingProblem(java.util.Collections.enumeration(List.of("identity", "br, gzip"))))
                .get().asString().contains("'br'");
    }

    @Test
    void anAcceptHeaderMustBeAListOfMediaTypes() {
        assertThat(PathFirewall.acceptProblem(null)).isEmpty();
        assertThat(PathFirewall.acceptProblem(java.util.Collections.enumeration(
                List.of("application/json, application/problem+json;q=0.9", "*/*")))).isEmpty();
        for (String bad : List.of("garbage", "application/json;q=abc", "*/;;")) {
            assertThat(PathFirewall.acceptProblem(java.util.Collections.enumeration(List.of(bad)))).as(bad)
                    .get().asString().contains("'" + bad + "' is not a list of media types");
        }
    }

    @Test
    void theApiAnswersJsonSoAnAcceptWithoutItIsRefusedBeforeTheRequestRuns() {
        for (String ok : List.of("application/json", "*/*", "application/*", "application/problem+json",
                "text/html, application/json;q=0.1", "application/*+json")) {
            assertThat(PathFirewall.apiAcceptProblem(java.util.Collections.enumeration(List.of(ok)))).as(ok).isEmpty();
        }
        for (String refused : List.of("application/xml", "application/yaml", "text/html", "*/*;q=0",
                "application/json;q=0, */*", "text/html;q=1, application/json;q=0")) {
            assertThat(PathFirewall.apiAcceptProblem(java.util.Collections.enumeration(List.of(refused)))).as(refused)
                    .get().asString().contains("accepts neither");
        }
    }
}

package org.musicrec.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Refuses, before any authentication or routing, a request whose path could be read two ways: path parameters
 * ({@code ;}), encoded slashes, backslashes, dots or percent signs, empty and dot segments. Spring's matching ignores
 * {@code ;...} and decodes the rest, so a check on the raw URI and the route that runs could disagree; what is left
 * decodes to exactly the path routing sees, which {@link #acceptedPath} gives to the access rules. In the spirit of
 * Spring Security's {@code StrictHttpFirewall}. The answer is 400 {@code /problems/invalid-path}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class PathFirewall extends OncePerRequestFilter {

    public static final String INVALID_PATH = "/problems/invalid-path";
    static final String INVALID_REQUEST = "/problems/invalid-request";
    static final String UNSUPPORTED_MEDIA_TYPE = "/problems/unsupported-media-type";
    static final String NOT_ACCEPTABLE = "/problems/not-acceptable";
    private static final String ACCEPTED_PATH = PathFirewall.class.getName() + ".acceptedPath";

    /** An encoded form that the checks look for, upper case, and what it means. */
    private static final Map<String, String> ENCODED = Map.of(
            "%3B", "an encoded ';' (%3B), a path parameter in disguise",
            "%2F", "an encoded slash (%2F)",
            "%5C", "an encoded backslash (%5C)",
            "%2E", "an encoded dot (%2E)",
            "%25", "an encoded percent sign (%25), a sign of double encoding",
            "%00", "an encoded NUL (%00)");

    private final ProblemWriter problems;

    PathFirewall(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> found = problemsWith(request.getRequestURI());
        if (!found.isEmpty()) {
            problems.write(response, refusal(found));
            return;
        }
        String query = request.getQueryString();
        if (query != null && !wellFormedQuery(query)) {
            problems.write(response, HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid query string",
                    "the query string has a malformed percent-encoding (each '%' must be followed by two hex digits,"
                            + " and the bytes must be UTF-8): encode the parameter values");
            return;
        }
        for (String credential : List.of("X-API-Key", HttpHeaders.AUTHORIZATION)) {
            int given = java.util.Collections.list(request.getHeaders(credential)).size();
            if (given > 1) {
                // which one would count is a guess a client must not rely on: the first, the last, or a merge
                problems.write(response, HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid request",
                        "the " + credential + " header is given " + given + " times; give it once");
                return;
            }
        }
        if (query != null && UriUtils.decode(query, StandardCharsets.UTF_8).chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.write(response, HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid query string",
                    "the query string has a control character (such as %00 or %0A) in a parameter; no parameter takes one");
            return;
        }
        Optional<String> contentType = contentTypeProblem(request.getHeader(HttpHeaders.CONTENT_TYPE))
                .or(() -> contentEncodingProblem(request.getHeaders(HttpHeaders.CONTENT_ENCODING)));
        if (contentType.isPresent()) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    contentType.get());
            return;
        }
        String path = UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        boolean api = path.startsWith("/api/");
        Optional<String> accept = acceptProblem(request.getHeaders(HttpHeaders.ACCEPT))
                .or(() -> api ? apiAcceptProblem(request.getHeaders(HttpHeaders.ACCEPT)) : Optional.empty());
        if (accept.isPresent()) {
            problems.write(response, HttpStatus.NOT_ACCEPTABLE, NOT_ACCEPTABLE, "Not Acceptable", accept.get());
            return;
        }
        request.setAttribute(ACCEPTED_PATH, path);
        // the API answers JSON only: decided here, before any handler writes anything, and the same for every route
        chain.doFilter(api && request.getHeader(HttpHeaders.ACCEPT) != null ? new JsonAccept(request) : request,
                response);
    }

    /** The answers of {@code /api/}: JSON, and problems as problem+json. */
    static final String API_ACCEPT = "application/json, application/problem+json";

    /**
     * Why an {@code /api/} request's {@code Accept} excludes JSON, or empty when it allows it (or is absent). Checked
     * before the request runs: content negotiation after the handler would answer 406 for a write that already
     * happened.
     */
    public static Optional<String> apiAcceptProblem(java.util.Enumeration<String> headers) {
        List<MediaType> types = new ArrayList<>();
        while (headers != null && headers.hasMoreElements()) {
            types.addAll(MediaType.parseMediaTypes(headers.nextElement()));
        }
        if (types.isEmpty()) {
            return Optional.empty();
        }
        boolean jsonRefused = types.stream().anyMatch(t -> t.getQualityValue() == 0
                && (t.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)
                || t.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)));
        boolean jsonAccepted = types.stream().anyMatch(t -> t.getQualityValue() > 0
                && (t.isCompatibleWith(MediaType.APPLICATION_JSON) || t.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
        if (jsonAccepted && !jsonRefused) {
            return Optional.empty();
        }
        String shown = MediaType.toString(types);
        shown = shown.length() > 100 ? shown.substring(0, 100) + "..." : shown;
        return Optional.of("this API answers application/json (problems as application/problem+json); the Accept"
                + " header '" + shown + "' accepts neither");
    }

    /** The request with its {@code Accept} replaced by {@link #API_ACCEPT}, for the gateway's handlers and upstreams. */
    private static final class JsonAccept extends jakarta.servlet.http.HttpServletRequestWrapper {
        JsonAccept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? API_ACCEPT : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? java.util.Collections.enumeration(List.of(API_ACCEPT))
                    : super.getHeaders(name);
        }
    }

    /**
     * Why a {@code Content-Type} header cannot describe a body, or empty when it can (or is absent): a wildcard
     * ({@code *}{@code /*}, {@code text/*}) or a value that is no media type. Routing parses the header of every
     * request, so such a value would otherwise fail deep inside the gateway as a 500.
     */
    public static Optional<String> contentTypeProblem(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String shown = header.length() > 100 ? header.substring(0, 100) + "..." : header;
        try {
            MediaType type = MediaType.parseMediaType(header);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return Optional.of("the Content-Type '" + shown + "' is a wildcard; name the body's type, such as"
                        + " application/json, or audio/ogg for an audio upload");
            }
            java.nio.charset.Charset charset;
            try {
                charset = type.getCharset();
            } catch (IllegalArgumentException unknown) {
                return Optional.of("the Content-Type '" + shown + "' names a charset this gateway does not know;"
                        + " bodies are UTF-8, send charset=utf-8 or none");
            }
            if (charset != null && !charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.US_ASCII)) {
                return Optional.of("the Content-Type '" + shown + "' names the charset " + charset.name()
                        + "; bodies are UTF-8 (RFC 8259), send charset=utf-8 or none");
            }
            return Optional.empty();
        } catch (InvalidMediaTypeException notAType) {
            return Optional.of("the Content-Type '" + shown + "' is not a media type; name the body's type, such as"
                    + " application/json");
        }
    }

    /**
     * Why an {@code Accept} header cannot be read, or empty when it can (or is absent). Content negotiation would
     * otherwise fail on it with a bare 406 and no body, as no representation can be chosen for the problem either.
     */
    public static Optional<String> acceptProblem(java.util.Enumeration<String> headers) {
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            try {
                MediaType.parseMediaTypes(header);
            } catch (IllegalArgumentException notTypes) { // InvalidMediaTypeException among them
                String shown = header.length() > 100 ? header.substring(0, 100) + "..." : header;
                return Optional.of("the Accept header '" + shown + "' is not a list of media types; send"
                        + " application/json (problems come as application/problem+json) or leave it out");
            }
        }
        return Optional.empty();
    }

    /**
     * Why a request's {@code Content-Encoding} cannot be read, or empty when there is none (or only
     * {@code identity}). Bodies are read as sent: a gzip body would otherwise be parsed as if it were JSON or audio.
     * RFC 7694 answers an unsupported coding with 415.
     */
    public static Optional<String> contentEncodingProblem(java.util.Enumeration<String> headers) {
        while (headers != null && headers.hasMoreElements()) {
            for (String coding : headers.nextElement().split(",")) {
                String c = coding.trim();
                if (!c.isEmpty() && !c.equalsIgnoreCase("identity")) {
                    String shown = c.length() > 40 ? c.substring(0, 40) + "..." : c;
                    return Optional.of("the Content-Encoding '" + shown + "' is not supported; send the body"
                            + " uncompressed");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every percent-escape of a raw query string is complete and the bytes they give are UTF-8. The servlet
     * container fails on the first parameter read otherwise, which would surface as a 500 deep in a handler.
     */
    public static boolean wellFormedQuery(String query) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(query.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    return false;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                return false;
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The decoded path of an accepted request, the path routes are matched against; empty when the raw path is one
     * this firewall refuses.
     */
    public static Optional<String> acceptedPath(HttpServletRequest request) {
        if (request.getAttribute(ACCEPTED_PATH) instanceof String path) {
            return Optional.of(path);
        }
        String raw = request.getRequestURI();
        return problemsWith(raw).isEmpty() ? Optional.of(UriUtils.decode(raw, StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /** What is wrong with a raw (undecoded) request path; empty when it is acceptable. */
    public static List<String> problemsWith(String rawPath) {
        List<String> found = new ArrayList<>();
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            found.add("the path must start with '/'");
            return found;
        }
        if (rawPath.indexOf(';') >= 0) {
            found.add("a path parameter (';')");
        }
        String upper = rawPath.toUpperCase(Locale.ROOT);
        for (String encoded : List.of("%3B", "%2F", "%5C", "%2E", "%25", "%00")) {
            if (upper.contains(encoded)) {
                found.add(ENCODED.get(encoded));
            }
        }
        if (rawPath.indexOf('\\') >= 0) {
            found.add("a backslash ('\\')");
        }
        if (rawPath.contains("//")) {
            found.add("an empty segment ('//')");
        }
        if (rawPath.contains("/./") || rawPath.contains("/../") || rawPath.endsWith("/.") || rawPath.endsWith("/..")) {
            found.add("a dot segment ('.' or '..')");
        }
        if (found.isEmpty()) {
            try {
                String decoded = UriUtils.decode(rawPath, StandardCharsets.UTF_8);
                if (decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    found.add("a control character");
                }
            } catch (IllegalArgumentException e) {
                found.add("a malformed percent-encoding");
            }
        }
        return found;
    }

    /** The 400 problem for a path with these problems. */
    public static ProblemDetail refusal(List<String> found) {
        String message = "has " + String.join(", ", found) + "; such paths are not accepted, send the plain path";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the path " + message);
        problem.setType(URI.create(INVALID_PATH));
        problem.setTitle("Invalid path");
        problem.setProperty("errors", List.of(Map.of("field", "path", "message", message)));
        return problem;
    }
}

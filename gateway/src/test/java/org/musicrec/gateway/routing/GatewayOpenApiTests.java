package org.musicrec.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.musicrec.gateway.config.RouteProperties;
import org.musicrec.gateway.config.ServiceProperties;
import org.musicrec.gateway.fallback.RecommendationHandler;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchangeHandlerFunction;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document against the route table: every public route (the gateway's declared routes and its own
 * controllers) is documented, every documented operation is served, and each operation has an example, the
 * 400/401 every {@code /api/} path can answer, and, where a service answers, its 503 and 504.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayOpenApiTests {

    /** One way in: the methods it takes (empty: any), its path pattern, and whether a service answers it. */
    record Route(Set<HttpMethod> methods, String pattern, boolean proxied) {
        boolean serves(HttpMethod method, String path) {
            return (methods.isEmpty() || methods.contains(method))
                    && PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(path));
        }
    }

    /** An operation of the document. */
    record Operation(HttpMethod method, String path, Map<String, Object> body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private Map<String, Object> spec;
    private List<Route> routes;
    private List<Operation> operations;

    @BeforeAll
    void load() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/static/openapi/gateway.yaml")) {
            assertThat(in).as("gateway.yaml on the classpath").isNotNull();
            // a key given twice silently replaces the first (a 408 response once overwrote the 504's): refused here
            org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
            options.setAllowDuplicateKeys(false);
            spec = new Yaml(options).load(in);
        }
        routes = new ArrayList<>(declaredRoutes());
        routes.addAll(controllerRoutes());
        routes.removeIf(r -> !r.pattern().startsWith("/api/"));
        operations = new ArrayList<>();
        map(spec, "paths").forEach((path, item) -> map(item).forEach((key, op) -> {
            if (METHODS.contains(key)) {
                operations.add(new Operation(HttpMethod.valueOf(key.toUpperCase()), path, map(op)));
            }
        }));
        assertThat(routes).hasSizeGreaterThan(10);
        assertThat(operations).hasSizeGreaterThan(5);
    }

    @Test
    void everyRouteOfTheGatewayIsDocumented() {
        for (Route route : routes) {
            if (route.pattern().endsWith("/**")) {
                // a prefix handed to a service: the document lists that service's public paths below it
                String prefix = template(route.pattern().substring(0, route.pattern().length() - 3));
                assertThat(operations).as("an operation below %s", route)
                        .anyMatch(op -> (route.methods().isEmpty() || route.methods().contains(op.method()))
                                && template(op.path()).startsWith(prefix + "/"));
                continue;
            }
            if (route.methods().isEmpty()) {
                // the bare prefix of a "prefix or below" route: covered by the check above
                continue;
            }
            for (HttpMethod method : route.methods()) {
                assertThat(operations).as("%s %s is documented", method, route.pattern())
                        .anyMatch(op -> op.method().equals(method) && template(op.path()).equals(template(route.pattern())));
            }
        }
    }

    @Test
    void everyDocumentedOperationIsServedByARoute() {
        for (Operation op : operations) {
            assertThat(op.path()).as("only the public API is documented as a path").startsWith("/api/v1/");
            assertThat(routes).as("a route serves %s", op).anyMatch(r -> r.serves(op.method(), concrete(op.path())));
        }
    }

    @Test
    void everyOperationHasAnExampleAndItsErrorAnswers() {
        for (Operation op : operations) {
            Map<String, Object> responses = map(op.body(), "responses");
            assertThat(hasExample(op.body())).as("%s has an example", op).isTrue();
            assertThat(responses).as("%s: a bad path and a missing key are possible everywhere under /api/", op)
                    .containsKeys("400", "401");
            assertThat(responses.keySet()).as("%s documents 4xx answers", op).anyMatch(k -> k.startsWith("4"));
            responses.forEach((status, response) -> {
                Map<String, Object> resolved = resolve(map(response));
                assertThat(resolved).as("%s %s", op, status).containsKey("description");
                if (status.startsWith("4") || status.startsWith("5")) {
                    Map<String, Object> content = map(resolved, "content");
                    assertThat(content).as("%s %s is problem+json", op, status).containsKey("application/problem+json");
                    assertThat(hasExample(content)).as("%s %s has an example", op, status).isTrue();
                }
            });
            boolean proxied = routes.stream().filter(r -> r.serves(op.method(), concrete(op.path())))
                    .anyMatch(Route::proxied);
            if (proxied) {
                assertThat(responses).as("%s: its service may be slow or gone", op).containsKeys("503", "504");
            }
            if (op.body().containsKey("requestBody")) {
                assertThat(hasExample(op.body().get("requestBody"))).as("%s has a request example", op).isTrue();
            }
        }
    }

    @Test
    void theAudioUploadAndTheTimeoutAreShownByExample() {
        Operation upload = operations.stream().filter(op -> op.method() == HttpMethod.PUT
                && op.path().equals("/api/v1/tracks/{trackId}/audio")).findFirst().orElseThrow();
        Map<String, Object> accepted = map(map(map(map(upload.body(), "responses"), "202"), "content"), "application/json");
        assertThat(map(accepted, "example")).containsEntry("status", "QUEUED").containsKey("jobId");
        Map<String, Object> timeout = map(map(map(map(spec, "components"), "responses"), "Timeout"), "content");
        assertThat(map(map(timeout, "application/problem+json"), "example"))
                .containsEntry("type", "/problems/upstream-timeout").containsEntry("status", 504);
    }

    // ---------------------------------------------------------------- the route table

    private static List<Route> declaredRoutes() {
        ServiceProperties services = new ServiceProperties(URI.create("http://embedding"), URI.create("http://recommender"));
        RouteProperties props = new RouteProperties(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(2), new RouteProperties.Breaker(50, 20, 5, Duration.ofSeconds(10)),
                new RouteProperties.Popular(Duration.ofSeconds(30), 100));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        TimedProxies proxies = new TimedProxies(new GatewayMvcProperties(), props,
                beans.getBeanProvider(HttpHeadersFilter.RequestHttpHeadersFilter.class),
                beans.getBeanProvider(HttpHeadersFilter.ResponseHttpHeadersFilter.class));
        RoutesConfig config = new RoutesConfig();
        List<RouterFunction<?>> functions = List.of(config.catalogueRoutes(services, props, proxies),
                config.audioRoutes(services, props, proxies),
                config.recommendationRoutes(mock(RecommendationHandler.class)),
                config.recommenderAdminRoutes(services, props, proxies),
                config.embeddingAdminRoutes(services, props, proxies),
                config.serviceApiDocs(services, props, proxies));
        List<Route> found = new ArrayList<>();
        for (RouterFunction<?> function : functions) {
            function.accept(new RouterFunctions.Visitor() {
                @Override
                public void startNested(RequestPredicate predicate) {
                    throw new AssertionError("nested routes are not read by this test: " + predicate);
                }

                @Override
                public void endNested(RequestPredicate predicate) {
                }

                @Override
                public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
                    for (Alternative a : alternatives(predicate)) {
                        found.add(new Route(a.methods() == null ? Set.of() : a.methods(), a.path(),
                                handler instanceof ProxyExchangeHandlerFunction));
                    }
                }

                @Override
                public void resources(Function<ServerRequest, Optional<Resource>> lookup) {
                }

                @Override
                public void attributes(Map<String, Object> attributes) {
                }

                @Override
                public void unknown(RouterFunction<?> routerFunction) {
                    throw new AssertionError("unknown router function " + routerFunction);
                }
            });
        }
        return found;
    }

    private static List<Route> controllerRoutes() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Route> found = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.musicrec.gateway")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                Set<HttpMethod> methods = new HashSet<>();
                for (RequestMethod m : mapping.method()) {
                    methods.add(m.asHttpMethod());
                }
                for (String path : mapping.path().length == 0 ? new String[] {""} : mapping.path()) {
                    found.add(new Route(methods, prefix + path, false));
                }
            }
        }
        assertThat(found).as("the gateway's own controllers").isNotEmpty();
        return found;
    }

    /** One way to satisfy a predicate: methods (null: any) and a path pattern. */
    private record Alternative(Set<HttpMethod> methods, String path) {
        Alternative with(Alternative other) {
            Set<HttpMethod> m = methods == null ? other.methods : methods;
            if (methods != null && other.methods != null) {
                m = new LinkedHashSet<>(methods);
                m.retainAll(other.methods);
            }
            if (path != null && other.path != null) {
                throw new AssertionError("two paths in one predicate: " + path + ", " + other.path);
            }
            return new Alternative(m, path != null ? path : other.path);
        }
    }

    private sealed interface Node permits Leaf, Junction {
    }

    private record Leaf(Alternative alternative) implements Node {
    }

    private record Junction(boolean and, List<Node> children) implements Node {
    }

    private static List<Alternative> alternatives(RequestPredicate predicate) {
        Deque<List<Node>> stack = new ArrayDeque<>();
        stack.push(new ArrayList<>());
        predicate.accept(new RequestPredicates.Visitor() {
            @Override
            public void method(Set<HttpMethod> methods) {
                stack.peek().add(new Leaf(new Alternative(Set.copyOf(methods), null)));
            }

            @Override
            public void path(String pattern) {
                stack.peek().add(new Leaf(new Alternative(null, pattern)));
            }

            @Override
            @SuppressWarnings("removal")
            public void pathExtension(String extension) {
                throw new AssertionError("path extensions are not read by this test");
            }

            @Override
            public void header(String name, String value) {
            }

            @Override
            public void param(String name, String value) {
            }

            @Override
            public void version(String version) {
            }

            @Override
            public void startAnd() {
                stack.push(new ArrayList<>());
            }

            @Override
            public void and() {
            }

            @Override
            public void endAnd() {
                List<Node> children = stack.pop();
                stack.peek().add(new Junction(true, children));
            }

            @Override
            public void startOr() {
                stack.push(new ArrayList<>());
            }

            @Override
            public void or() {
            }

            @Override
            public void endOr() {
                List<Node> children = stack.pop();
                stack.peek().add(new Junction(false, children));
            }

            @Override
            public void startNegate() {
                throw new AssertionError("negated predicates are not read by this test");
            }

            @Override
            public void endNegate() {
            }

            @Override
            public void unknown(RequestPredicate p) {
                throw new AssertionError("unknown predicate " + p);
            }
        });
        List<Node> root = stack.pop();
        assertThat(root).hasSize(1);
        return expand(root.get(0));
    }

    private static List<Alternative> expand(Node node) {
        if (node instanceof Leaf leaf) {
            return List.of(leaf.alternative());
        }
        Junction junction = (Junction) node;
        if (!junction.and()) {
            return junction.children().stream().flatMap(c -> expand(c).stream()).toList();
        }
        List<Alternative> combined = List.of(new Alternative(null, null));
        for (Node child : junction.children()) {
            List<Alternative> next = new ArrayList<>();
            for (Alternative a : combined) {
                for (Alternative b : expand(child)) {
                    next.add(a.with(b));
                }
            }
            combined = next;
        }
        return combined;
    }

    // ---------------------------------------------------------------- the document

    /** The path with every variable written {@code {}}, so that names do not matter. */
    private static String template(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    /** A path the template stands for. */
    private static String concrete(String path) {
        return path.replaceAll("\\{[^}]*}", "x-1");
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        String[] parts = ref.toString().replaceFirst("^#/", "").split("/");
        Map<String, Object> target = spec;
        for (String part : parts) {
            target = map(target, part);
        }
        assertThat(target).as("%s resolves", ref).isNotEmpty();
        return target;
    }

    /** True when an {@code example} or a non-empty {@code examples} lies anywhere below, references followed. */
    private boolean hasExample(Object node) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("example") != null || (m.get("examples") instanceof Map<?, ?> e && !e.isEmpty())) {
                return true;
            }
            if (m.get("$ref") instanceof String ref && ref.startsWith("#/components/responses/")) {
                return hasExample(resolve(map(m)));
            }
            return m.values().stream().anyMatch(this::hasExample);
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(this::hasExample);
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.get(key));
    }
}

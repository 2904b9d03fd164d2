package org.musicrec.gateway.fallback;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import org.musicrec.gateway.config.RouteProperties;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * How the gateway calls the recommender: a client with the route's connect and read timeouts, and the
 * Resilience4j circuit breaker {@code recommender} (its state and calls are in the metrics as
 * {@code resilience4j.circuitbreaker.*}).
 */
@Component
class RecommenderClient {

    private final RestClient restClient;
    private final CircuitBreaker breaker;

    RecommenderClient(RouteProperties routes, MeterRegistry meters) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(routes.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build());
        factory.setReadTimeout(routes.recommendations());
        this.restClient = RestClient.builder().requestFactory(factory).build();
        RouteProperties.Breaker b = routes.breaker();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRatePercent())
                .slidingWindowSize(b.slidingWindow())
                .minimumNumberOfCalls(b.minimumCalls())
                .waitDurationInOpenState(b.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
        this.breaker = registry.circuitBreaker("recommender");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    RestClient restClient() {
        return restClient;
    }

    CircuitBreaker breaker() {
        return breaker;
    }
}

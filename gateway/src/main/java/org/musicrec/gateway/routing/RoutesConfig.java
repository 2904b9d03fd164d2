package org.musicrec.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.routeId;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.HEAD;
import static org.springframework.web.servlet.function.RequestPredicates.PUT;

import org.musicrec.gateway.config.RouteProperties;
import org.musicrec.gateway.config.ServiceProperties;
import org.musicrec.gateway.fallback.RecommendationHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The declared routes: the only paths of the services that the outside can reach. Anything else under
 * {@code /api} is a 404 at the gateway. Each route has its own timeout; recommendations go through a circuit
 * breaker with a fallback.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfig {

    @Bean
    RouterFunction<ServerResponse> catalogueRoutes(ServiceProperties services, RouteProperties routes,
                                                   TimedProxies proxies) {
        return RouterFunctions.route()
                .route(GET("/api/v1/tracks/{trackId}").or(HEAD("/api/v1/tracks/{trackId}"))
                                .or(PUT("/api/v1/tracks/{trackId}")),
                        proxies.withTimeout(routes.tracks()))
                .route(GET("/api/v1/tracks/{trackId}/**"), proxies.withTimeout(routes.tracks()))
                .before(routeId("tracks"))
                .before(uri(services.embeddingUri()))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> audioRoutes(ServiceProperties services, RouteProperties routes,
                                               TimedProxies proxies) {
        return RouterFunctions.route()
                .route(PUT("/api/v1/tracks/{trackId}/audio"), proxies.withTimeout(routes.audio()))
                .before(routeId("track-audio"))
                .before(uri(services.embeddingUri()))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> recommendationRoutes(RecommendationHandler recommendations) {
        return RouterFunctions.route()
                .route(GET("/api/v1/users/{userId}/recommendations"), recommendations)
                .before(routeId("recommendations"))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> recommenderAdminRoutes(ServiceProperties services, RouteProperties routes,
                                                          TimedProxies proxies) {
        return RouterFunctions.route()
                .route(GET("/api/v1/admin/ingestion"), proxies.withTimeout(routes.admin()))
                .route(RequestPredicatesSupport.pathStartsWith("/api/v1/admin/models"),
                        proxies.withTimeout(routes.admin()))
                .before(routeId("recommender-admin"))
                .before(uri(services.recommenderUri()))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> embeddingAdminRoutes(ServiceProperties services, RouteProperties routes,
                                                        TimedProxies proxies) {
        return RouterFunctions.route()
                .route(RequestPredicatesSupport.pathStartsWith("/api/v1/admin/embedding"),
                        proxies.withTimeout(routes.admin()))
                .before(routeId("embedding-admin"))
                .before(uri(services.embeddingUri()))
                .build();
    }

    /** The services' own OpenAPI documents, shown next to the gateway's in Swagger UI. */
    @Bean
    RouterFunction<ServerResponse> serviceApiDocs(ServiceProperties services, RouteProperties routes,
                                                  TimedProxies proxies) {
        return RouterFunctions.route()
                .route(GET("/v3/api-docs/recommender-service"), proxies.withTimeout(routes.admin()))
                .before(routeId("recommender-api-docs"))
                .before(uri(services.recommenderUri()))
                .before(setPath("/v3/api-docs"))
                .build()
                .and(RouterFunctions.route()
                        .route(GET("/v3/api-docs/embedding-service"), proxies.withTimeout(routes.admin()))
                        .before(routeId("embedding-api-docs"))
                        .before(uri(services.embeddingUri()))
                        .before(setPath("/v3/api-docs"))
                        .build());
    }
}

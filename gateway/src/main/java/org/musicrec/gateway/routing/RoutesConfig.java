package org.musicrec.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.routeId;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.PUT;

import org.musicrec.gateway.config.ServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The declared routes: the only paths of the services that the outside can reach. Anything else under
 * {@code /api} is a 404 at the gateway.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfig {

    @Bean
    RouterFunction<ServerResponse> catalogueRoutes(ServiceProperties services) {
        return RouterFunctions.route()
                .route(GET("/api/v1/tracks/{trackId}").or(PUT("/api/v1/tracks/{trackId}")), http())
                .route(GET("/api/v1/tracks/{trackId}/**").or(PUT("/api/v1/tracks/{trackId}/audio")), http())
                .before(routeId("tracks"))
                .before(uri(services.embeddingUri()))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> recommendationRoutes(ServiceProperties services) {
        return RouterFunctions.route()
                .route(GET("/api/v1/users/{userId}/recommendations"), http())
                .before(routeId("recommendations"))
                .before(uri(services.recommenderUri()))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> recommenderAdminRoutes(ServiceProperties services) {
        return RouterFunctions.route()
                .route(GET("/api/v1/admin/ingestion"), http())
                .route(RequestPredicatesSupport.pathStartsWith("/api/v1/admin/models"), http())
                .before(routeId("recommender-admin"))
                .before(uri(services.recommenderUri()))
                .build();
    }
}
